package dev.orderlog.fulfilment;

import dev.orderlog.fulfilment.Fulfilment.AwaitingShipment;
import dev.orderlog.fulfilment.Fulfilment.Cancelled;
import dev.orderlog.fulfilment.Fulfilment.Charging;
import dev.orderlog.fulfilment.Fulfilment.Compensating;
import dev.orderlog.fulfilment.Fulfilment.Compensation;
import dev.orderlog.fulfilment.Fulfilment.Completed;
import dev.orderlog.fulfilment.Fulfilment.NeedsAttention;
import dev.orderlog.fulfilment.Fulfilment.NotStarted;
import dev.orderlog.fulfilment.Fulfilment.PaymentToUndo;
import dev.orderlog.fulfilment.Fulfilment.Reserving;
import dev.orderlog.fulfilment.Fulfilment.Resolved;
import dev.orderlog.fulfilment.Fulfilment.Shipping;
import dev.orderlog.fulfilment.FulfilmentEvent.CompensationRetried;
import dev.orderlog.fulfilment.FulfilmentEvent.CompensationStarted;
import dev.orderlog.fulfilment.FulfilmentEvent.DeadlineMissed;
import dev.orderlog.fulfilment.FulfilmentEvent.FulfilmentCancelled;
import dev.orderlog.fulfilment.FulfilmentEvent.FulfilmentCompleted;
import dev.orderlog.fulfilment.FulfilmentEvent.FulfilmentResolved;
import dev.orderlog.fulfilment.FulfilmentEvent.FulfilmentStarted;
import dev.orderlog.fulfilment.FulfilmentEvent.PaymentApproved;
import dev.orderlog.fulfilment.FulfilmentEvent.PaymentRequested;
import dev.orderlog.fulfilment.FulfilmentEvent.ShipmentRequested;
import dev.orderlog.fulfilment.FulfilmentInput.Clock;
import dev.orderlog.fulfilment.FulfilmentInput.Operator;
import dev.orderlog.fulfilment.FulfilmentInput.Order;
import dev.orderlog.fulfilment.FulfilmentInput.Payment;
import dev.orderlog.fulfilment.FulfilmentInput.Stock;
import dev.orderlog.order.CancellationReason;
import dev.orderlog.platform.command.Decider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The fulfilment process as pure functions: an input and the state give the events to record ({@link #decide}); the
 * state alone gives the one step to send next ({@link #next}). Steps run in order: reserve every line's stock, charge
 * the payment, confirm it on the order, await the warehouse (whose shipment the order accepts first), commit the stock.
 * A failure undoes what was done: the order is cancelled first, so the order decides any race with the warehouse;
 * then the payment is refunded and the stock released, last reserved first.
 */
public final class FulfilmentDecider {
    private final Duration paymentTimeout;
    private final Duration shipmentTimeout;

    public FulfilmentDecider(Duration paymentTimeout, Duration shipmentTimeout) {
        this.paymentTimeout = paymentTimeout;
        this.shipmentTimeout = shipmentTimeout;
    }

    /** These functions in the shape the command pipeline runs. */
    public Decider<FulfilmentInput, Fulfilment, FulfilmentEvent> decider() {
        return Decider.of(this::initial, this::decide, this::evolve);
    }

    public Fulfilment initial() {
        return new NotStarted();
    }

    public List<FulfilmentEvent> decide(FulfilmentInput input, Fulfilment state, Instant now) {
        List<FulfilmentEvent> events = new ArrayList<>(decideAlone(input, state, now));
        // What an input completes is decided with it: the next stage's deadline, or the end.
        Fulfilment after = fold(state, events);
        switch (after) {
            case Reserving reserving
            when reserving.reserved().size() == reserving.job().lines().size() && !events.isEmpty() ->
                events.add(new PaymentRequested(now.plus(paymentTimeout), now));
            case Shipping shipping
            when shipping.orderShipped()
                    && shipping.committed().size() == shipping.job().lines().size() ->
                events.add(new FulfilmentCompleted(now));
            case Compensating compensating
            when compensating.compensation().done() ->
                events.add(compensating
                        .compensation()
                        .resolution()
                        .<FulfilmentEvent>map(note -> new FulfilmentResolved(note, now))
                        .orElseGet(() -> new FulfilmentCancelled(
                                compensating.compensation().reason(), now)));
            default -> {}
        }
        return events;
    }

    private List<FulfilmentEvent> decideAlone(FulfilmentInput input, Fulfilment state, Instant now) {
        return switch (state) {
            case NotStarted notStarted ->
                input instanceof Order.Placed placed
                        ? List.of(new FulfilmentStarted(placed.job(), now))
                        : common(input, state, now);
            case Reserving reserving -> whileReserving(input, reserving, now);
            case Charging charging -> whileCharging(input, charging, now);
            case AwaitingShipment awaiting -> whileAwaitingShipment(input, awaiting, now);
            case Shipping shipping -> whileShipping(input, shipping, now);
            case Completed completed ->
                input instanceof Order.Shipped again
                        ? shippedAgain(again, completed.trackingNumber())
                        : common(input, state, now);
            case Compensating compensating ->
                compensate(input, compensating.job(), compensating.compensation(), state, now);
            case NeedsAttention attention -> whileAwaitingAnOperator(input, attention, now);
            case Cancelled cancelled -> late(input, cancelled.job(), cancelled.undone(), state, now);
            case Resolved resolved -> late(input, resolved.job(), resolved.undone(), state, now);
        };
    }

    private List<FulfilmentEvent> whileReserving(FulfilmentInput input, Reserving reserving, Instant now) {
        return switch (input) {
            case Stock.Reserved reserved
            when lineOf(reserving.job(), reserved.sku())
                    && !reserving.reserved().contains(reserved.sku()) ->
                List.of(new FulfilmentEvent.StockReserved(reserved.sku(), now));
            case Stock.Unavailable unavailable ->
                List.of(
                        new FulfilmentEvent.StockUnavailable(unavailable.sku(), unavailable.reason(), now),
                        new CompensationStarted(CancellationReason.OUT_OF_STOCK.describe(unavailable.reason()), now));
            default -> common(input, reserving, now);
        };
    }

    private List<FulfilmentEvent> whileCharging(FulfilmentInput input, Charging charging, Instant now) {
        return switch (input) {
            case Payment.ChargeApproved approved ->
                List.of(
                        new PaymentApproved(approved.chargeId(), now),
                        new ShipmentRequested(now.plus(shipmentTimeout), now));
            case Payment.ChargeDeclined declined ->
                List.of(
                        new FulfilmentEvent.PaymentDeclined(declined.reason(), now),
                        new CompensationStarted(CancellationReason.PAYMENT_DECLINED.describe(declined.reason()), now));
            case Clock.DeadlineReached reached
            when reached.kind() == Deadline.Kind.PAYMENT
                    && !now.isBefore(charging.deadline().dueAt()) ->
                List.of(
                        new DeadlineMissed(Deadline.Kind.PAYMENT, now),
                        new CompensationStarted(CancellationReason.PAYMENT_TIMEOUT.describe(paymentTimeout), now));
            default -> common(input, charging, now);
        };
    }

    private List<FulfilmentEvent> whileAwaitingShipment(FulfilmentInput input, AwaitingShipment awaiting, Instant now) {
        return switch (input) {
            case Order.PaymentConfirmed confirmed
            when !awaiting.paymentConfirmedOnOrder() -> List.of(new FulfilmentEvent.PaymentConfirmedOnOrder(now));
            case Order.Refused refused ->
                List.of(new CompensationStarted(CancellationReason.NOT_PAYABLE.describe(refused.reason()), now));
            // The order accepted the shipment: it rules, whatever this instance was about to do.
            case Order.Shipped shipped -> List.of(new FulfilmentEvent.ShipmentAccepted(shipped.trackingNumber(), now));
            case Clock.DeadlineReached reached
            when reached.kind() == Deadline.Kind.SHIPMENT
                    && !now.isBefore(awaiting.deadline().dueAt()) ->
                List.of(
                        new DeadlineMissed(Deadline.Kind.SHIPMENT, now),
                        new CompensationStarted(CancellationReason.SHIPMENT_TIMEOUT.describe(shipmentTimeout), now));
            default -> common(input, awaiting, now);
        };
    }

    private List<FulfilmentEvent> whileShipping(FulfilmentInput input, Shipping shipping, Instant now) {
        return switch (input) {
            case Stock.Committed committed
            when lineOf(shipping.job(), committed.sku())
                    && !shipping.committed().contains(committed.sku()) ->
                List.of(new FulfilmentEvent.StockCommitted(committed.sku(), now));
            // An instance an earlier version left to ship the order itself: its ship-order step's answer.
            case Order.Shipped shipped
            when !shipping.orderShipped() && shipped.trackingNumber().equals(shipping.trackingNumber()) ->
                List.of(new FulfilmentEvent.OrderShipped(now));
            case Order.Shipped again -> shippedAgain(again, shipping.trackingNumber());
            case Order.Cancelled cancelled
            when !shipping.orderShipped() ->
                List.of(
                        new CompensationStarted("Cancelled: " + cancelled.reason(), now),
                        new FulfilmentEvent.OrderCancelled(cancelled.reason(), now));
            case Order.Refused refused
            when !shipping.orderShipped() ->
                List.of(new CompensationStarted(CancellationReason.NOT_SHIPPABLE.describe(refused.reason()), now));
            default -> common(input, shipping, now);
        };
    }

    private List<FulfilmentEvent> whileAwaitingAnOperator(
            FulfilmentInput input, NeedsAttention attention, Instant now) {
        return switch (input) {
            case Operator.Retry retry -> List.of(new CompensationRetried(retry.note(), now));
            case Operator.Resolve resolve -> List.of(new FulfilmentEvent.ResolvedByOperator(resolve.note(), now));
            // The customer cancelled while an operator was awaited: recorded, so the order is not cancelled
            // again.
            case Order.Cancelled cancelled
            when !attention.compensation().orderCancelled() ->
                List.of(new FulfilmentEvent.OrderCancelled(cancelled.reason(), now));
            // A refund that went through after all (an attempt's late answer or webhook): not to be tried
            // again.
            case Payment.Refunded refunded
            when refunding(attention.compensation(), refunded.chargeId()) ->
                List.of(new FulfilmentEvent.PaymentRefunded(refunded.chargeId(), refunded.refundId(), now));
            default -> late(input, attention.job(), attention.compensation(), attention, now);
        };
    }

    /** The same shipment again is no news; another tracking number is refused, naming the one the order has. */
    private static List<FulfilmentEvent> shippedAgain(Order.Shipped again, String trackingNumber) {
        if (!again.trackingNumber().equals(trackingNumber)) {
            throw FulfilmentRuleViolation.shippedUnder(trackingNumber);
        }
        return List.of();
    }

    private static List<FulfilmentEvent> compensate(
            FulfilmentInput input, Job job, Compensation compensation, Fulfilment state, Instant now) {
        return switch (input) {
            case Payment.Refunded refunded
            when refunding(compensation, refunded.chargeId()) ->
                List.of(new FulfilmentEvent.PaymentRefunded(refunded.chargeId(), refunded.refundId(), now));
            // Only the answer to the attempt now running: a late refusal of an earlier attempt says nothing of this
            // one.
            case Payment.RefundRefused refused
            when refunding(compensation, refused.chargeId()) && refused.attempt() == compensation.refundAttempt() ->
                List.of(
                        new FulfilmentEvent.RefundRefused(refused.chargeId(), refused.reason(), now),
                        new FulfilmentEvent.NeedsAttention(
                                "The provider refused the refund of " + refused.chargeId() + ": " + refused.reason(),
                                now));
            case Payment.ChargeAbsent absent
            when compensation.payment() instanceof PaymentToUndo.LookUpFirst ->
                List.of(new FulfilmentEvent.ChargeNotTaken(now));
            case Payment.ChargeDeclined declined
            when compensation.payment() instanceof PaymentToUndo.LookUpFirst ->
                List.of(new FulfilmentEvent.PaymentDeclined(declined.reason(), now));
            case Stock.Released released
            when compensation.held().contains(released.sku()) ->
                List.of(new FulfilmentEvent.StockReleased(released.sku(), now));
            case Order.Cancelled cancelled
            when !compensation.orderCancelled() -> List.of(new FulfilmentEvent.OrderCancelled(cancelled.reason(), now));
            // The order refused the cancellation because the warehouse shipped it first: nothing was undone yet, the
            // shipment stands.
            case Order.Shipped shipped
            when !compensation.orderCancelled() && compensation.payment() instanceof PaymentToUndo.Refund ->
                List.of(new FulfilmentEvent.ShippedBeforeCancellation(shipped.trackingNumber(), now));
            // Shipped by hand before the payment was taken here (paid by hand, say): not the process's to settle.
            case Order.Shipped shipped
            when !compensation.orderCancelled() ->
                List.of(new FulfilmentEvent.NeedsAttention(
                        "The order was shipped (" + shipped.trackingNumber()
                                + ") while its payment was not settled here: settle payment and stock by hand",
                        now));
            // Only its own cancellation's refusal stops compensation; a forward step's, arriving late, changes nothing.
            case Order.Refused refused
            when refused.stepId().equals(Step.CancelOrder.ID) ->
                List.of(new FulfilmentEvent.NeedsAttention(
                        "The order could not be cancelled: " + refused.reason(), now));
            default -> late(input, job, compensation, state, now);
        };
    }

    private static boolean refunding(Compensation compensation, String chargeId) {
        return compensation.payment() instanceof PaymentToUndo.Refund refund
                && refund.chargeId().equals(chargeId);
    }

    /**
     * News that comes after the process gave up: a payment taken, or stock reserved, is undone too, once. A reservation
     * of a SKU the compensation already holds or gave back is a redelivery, never a second reservation.
     */
    private static List<FulfilmentEvent> late(
            FulfilmentInput input, Job job, Compensation compensation, Fulfilment state, Instant now) {
        return switch (input) {
            case Payment.ChargeApproved late
            when !(compensation.payment() instanceof PaymentToUndo.Refund)
                    && !compensation.settledCharges().contains(late.chargeId()) ->
                List.of(new PaymentApproved(late.chargeId(), now));
            case Stock.Reserved late
            when lineOf(job, late.sku()) && !compensation.accountsFor(late.sku()) ->
                List.of(new FulfilmentEvent.StockReserved(late.sku(), now));
            default -> common(input, state, now);
        };
    }

    /** What every stage answers alike: a customer's cancellation starts compensation; operators act only on what needs them. */
    private static List<FulfilmentEvent> common(FulfilmentInput input, Fulfilment state, Instant now) {
        boolean underway = state instanceof Reserving || state instanceof Charging || state instanceof AwaitingShipment;
        return switch (input) {
            case Order.Cancelled cancelled
            when underway ->
                List.of(
                        new CompensationStarted("Cancelled: " + cancelled.reason(), now),
                        new FulfilmentEvent.OrderCancelled(cancelled.reason(), now));
            case Operator.Retry retry -> throw FulfilmentRuleViolation.notAwaited("Retrying compensation", state);
            case Operator.Resolve resolve -> throw FulfilmentRuleViolation.notAwaited("Marking it resolved", state);
            default -> List.of();
        };
    }

    public Fulfilment evolve(Fulfilment state, FulfilmentEvent event) {
        return switch (event) {
            case FulfilmentStarted started -> new Reserving(started.job(), List.of());
            case FulfilmentEvent.StockReserved reserved ->
                switch (state) {
                    case Reserving reserving -> reserving.withReserved(reserved.sku());
                    default ->
                        reopen(
                                state,
                                "A reservation that arrived after the order was given up is released",
                                c -> c.holding(reserved.sku()));
                };
            // Compensation follows in the same append (CompensationStarted).
            case FulfilmentEvent.StockUnavailable unavailable -> state;
            case PaymentRequested requested ->
                state instanceof Reserving reserving
                        ? new Charging(reserving.job(), new Deadline(Deadline.Kind.PAYMENT, requested.deadline()))
                        : state;
            case PaymentApproved approved ->
                switch (state) {
                    case Charging charging ->
                        new AwaitingShipment(charging.job(), approved.chargeId(), false, charging.deadline());
                    default ->
                        reopen(
                                state,
                                "A payment that arrived after the order was given up is refunded",
                                c -> c.refunding(approved.chargeId()));
                };
            case FulfilmentEvent.PaymentDeclined declined -> withCompensation(state, Compensation::chargeSettled);
            case FulfilmentEvent.ChargeNotTaken notTaken -> withCompensation(state, Compensation::chargeSettled);
            case FulfilmentEvent.PaymentConfirmedOnOrder confirmed ->
                state instanceof AwaitingShipment awaiting ? awaiting.paymentConfirmed() : state;
            case ShipmentRequested requested ->
                state instanceof AwaitingShipment awaiting
                        ? awaiting.shipmentDue(new Deadline(Deadline.Kind.SHIPMENT, requested.deadline()))
                        : state;
            case FulfilmentEvent.ShipmentAccepted shipment ->
                state instanceof AwaitingShipment awaiting
                        ? new Shipping(awaiting.job(), awaiting.chargeId(), shipment.trackingNumber(), true, List.of())
                        : state;
            case FulfilmentEvent.ShipmentConfirmed legacy ->
                state instanceof AwaitingShipment awaiting
                        ? new Shipping(awaiting.job(), awaiting.chargeId(), legacy.trackingNumber(), false, List.of())
                        : state;
            case FulfilmentEvent.OrderShipped legacy ->
                state instanceof Shipping shipping ? shipping.orderMarkedShipped() : state;
            case FulfilmentEvent.StockCommitted committed ->
                state instanceof Shipping shipping ? shipping.committing(committed.sku()) : state;
            case FulfilmentCompleted completed ->
                state instanceof Shipping shipping
                        ? new Completed(shipping.job(), shipping.chargeId(), shipping.trackingNumber())
                        : state;
            case DeadlineMissed missed -> state;
            case CompensationStarted started -> new Compensating(jobOf(state), undo(state, started.reason()));
            case FulfilmentEvent.ShippedBeforeCancellation shipped ->
                state instanceof Compensating compensating
                                && compensating.compensation().payment() instanceof PaymentToUndo.Refund refund
                        ? new Shipping(compensating.job(), refund.chargeId(), shipped.trackingNumber(), true, List.of())
                        : state;
            case FulfilmentEvent.PaymentRefunded refunded ->
                withCompensation(state, c -> c.refunded(refunded.chargeId()));
            // Needs attention follows in the same append.
            case FulfilmentEvent.RefundRefused refused -> state;
            case FulfilmentEvent.StockReleased released ->
                withCompensation(state, c -> c.releasedStock(released.sku()));
            case FulfilmentEvent.OrderCancelled cancelled -> withCompensation(state, Compensation::withOrderCancelled);
            case FulfilmentCancelled cancelled ->
                state instanceof Compensating compensating
                        ? new Cancelled(compensating.job(), compensating.compensation())
                        : state;
            case FulfilmentEvent.NeedsAttention attention ->
                switch (state) {
                    case Compensating compensating ->
                        new NeedsAttention(compensating.job(), compensating.compensation(), attention.problem());
                    // Recorded by an earlier version when the order was cancelled after the warehouse's confirmation;
                    // undone once an operator retries or resolves.
                    case Shipping shipping ->
                        new NeedsAttention(
                                shipping.job(),
                                Compensation.afterShipment(
                                        attention.problem(), shipping.chargeId(), uncommitted(shipping)),
                                attention.problem());
                    default -> state;
                };
            case CompensationRetried retried ->
                state instanceof NeedsAttention attention
                        ? new Compensating(
                                attention.job(), attention.compensation().retried())
                        : state;
            case FulfilmentEvent.ResolvedByOperator resolved ->
                state instanceof NeedsAttention attention
                        ? new Compensating(
                                attention.job(), attention.compensation().resolvedBy(resolved.note()))
                        : state;
            case FulfilmentResolved resolved ->
                state instanceof Compensating compensating
                        ? new Resolved(compensating.job(), compensating.compensation())
                        : state;
        };
    }

    /** The one step to send next, if any: what the state still lacks, in the process's order. */
    public static Optional<Step> next(Fulfilment state) {
        return switch (state) {
            case Reserving reserving ->
                reserving.job().lines().stream()
                        .filter(line -> !reserving.reserved().contains(line.sku()))
                        .findFirst()
                        .map(line -> new Step.ReserveStock(line.sku(), line.quantity()));
            case Charging charging -> Optional.of(new Step.ChargePayment());
            case AwaitingShipment awaiting ->
                awaiting.paymentConfirmedOnOrder()
                        ? Optional.empty()
                        : Optional.of(new Step.ConfirmPaymentOnOrder(awaiting.chargeId()));
            case Shipping shipping ->
                !shipping.orderShipped()
                        ? Optional.of(new Step.ShipOrder(shipping.trackingNumber()))
                        : shipping.job().lines().stream()
                                .filter(line -> !shipping.committed().contains(line.sku()))
                                .findFirst()
                                .map(line -> new Step.CommitStock(line.sku()));
            case Compensating compensating -> nextToUndo(compensating.compensation());
            case NotStarted notStarted -> Optional.empty();
            case Completed completed -> Optional.empty();
            case NeedsAttention attention -> Optional.empty();
            case Cancelled cancelled -> Optional.empty();
            case Resolved resolved -> Optional.empty();
        };
    }

    /** The order first (it rules over the warehouse), then the payment, then the stock. */
    private static Optional<Step> nextToUndo(Compensation compensation) {
        if (!compensation.orderCancelled()) {
            return Optional.of(new Step.CancelOrder(compensation.reason()));
        }
        return switch (compensation.payment()) {
            case PaymentToUndo.Refund refund ->
                Optional.of(new Step.RefundPayment(refund.chargeId(), compensation.refundAttempt()));
            case PaymentToUndo.LookUpFirst lookUp -> Optional.of(new Step.LookUpCharge());
            case PaymentToUndo.Nothing nothing ->
                compensation.held().stream().findFirst().map(Step.ReleaseStock::new);
        };
    }

    /** The deadline the instance waits on, if any. */
    public static Optional<Deadline> deadline(Fulfilment state) {
        return switch (state) {
            case Charging charging -> Optional.of(charging.deadline());
            case AwaitingShipment awaiting -> Optional.ofNullable(awaiting.deadline());
            default -> Optional.empty();
        };
    }

    private Fulfilment fold(Fulfilment state, List<FulfilmentEvent> events) {
        Fulfilment folded = state;
        for (FulfilmentEvent event : events) {
            folded = evolve(folded, event);
        }
        return folded;
    }

    /** Compensation changed by news: in place while it runs or waits, opened again once it ended. */
    private static Fulfilment reopen(Fulfilment state, String why, UnaryOperator<Compensation> change) {
        return switch (state) {
            case Cancelled cancelled ->
                new Compensating(
                        cancelled.job(), change.apply(cancelled.undone().reopened(why)));
            case Resolved resolved ->
                new Compensating(resolved.job(), change.apply(resolved.undone().reopened(why)));
            default -> withCompensation(state, change);
        };
    }

    /** What compensation must undo from where the process got to; stock last reserved is released first. */
    private static Compensation undo(Fulfilment state, String reason) {
        return switch (state) {
            case Reserving reserving ->
                Compensation.of(reason, new PaymentToUndo.Nothing(), reversed(reserving.reserved()));
            case Charging charging ->
                Compensation.of(reason, new PaymentToUndo.LookUpFirst(), reversed(skus(charging.job())));
            case AwaitingShipment awaiting ->
                Compensation.of(reason, new PaymentToUndo.Refund(awaiting.chargeId()), reversed(skus(awaiting.job())));
            // An earlier version's instance whose order was cancelled before the process shipped it.
            case Shipping shipping ->
                Compensation.of(reason, new PaymentToUndo.Refund(shipping.chargeId()), uncommitted(shipping));
            default ->
                throw new IllegalStateException("Compensation cannot start while the fulfilment is " + state.phase());
        };
    }

    private static Fulfilment withCompensation(Fulfilment state, UnaryOperator<Compensation> change) {
        return switch (state) {
            case Compensating compensating ->
                new Compensating(compensating.job(), change.apply(compensating.compensation()));
            case NeedsAttention attention ->
                new NeedsAttention(attention.job(), change.apply(attention.compensation()), attention.problem());
            default -> state;
        };
    }

    /** The job of a started instance. */
    public static Job jobOf(Fulfilment state) {
        return switch (state) {
            case NotStarted notStarted ->
                throw new IllegalStateException("A fulfilment that has not started has no job");
            case Reserving s -> s.job();
            case Charging s -> s.job();
            case AwaitingShipment s -> s.job();
            case Shipping s -> s.job();
            case Completed s -> s.job();
            case Compensating s -> s.job();
            case NeedsAttention s -> s.job();
            case Cancelled s -> s.job();
            case Resolved s -> s.job();
        };
    }

    private static boolean lineOf(Job job, String sku) {
        return job.lines().stream().anyMatch(line -> line.sku().equals(sku));
    }

    private static List<String> skus(Job job) {
        return job.lines().stream().map(Job.Line::sku).toList();
    }

    /** What a shipment still holds, last reserved first. */
    private static List<String> uncommitted(Shipping shipping) {
        return reversed(skus(shipping.job()).stream()
                .filter(sku -> !shipping.committed().contains(sku))
                .toList());
    }

    private static List<String> reversed(List<String> skus) {
        return new ArrayList<>(skus).reversed();
    }
}
