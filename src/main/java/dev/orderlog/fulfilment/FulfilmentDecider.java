package dev.orderlog.fulfilment;

import dev.orderlog.fulfilment.Fulfilment.AwaitingShipment;
import dev.orderlog.fulfilment.Fulfilment.Cancelled;
import dev.orderlog.fulfilment.Fulfilment.Charging;
import dev.orderlog.fulfilment.Fulfilment.Compensating;
import dev.orderlog.fulfilment.Fulfilment.Compensation;
import dev.orderlog.fulfilment.Fulfilment.Completed;
import dev.orderlog.fulfilment.Fulfilment.NeedsAttention;
import dev.orderlog.fulfilment.Fulfilment.NotStarted;
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
import dev.orderlog.fulfilment.FulfilmentInput.ChargeAbsent;
import dev.orderlog.fulfilment.FulfilmentInput.ChargeApproved;
import dev.orderlog.fulfilment.FulfilmentInput.ChargeDeclined;
import dev.orderlog.fulfilment.FulfilmentInput.DeadlineReached;
import dev.orderlog.fulfilment.FulfilmentInput.MarkResolved;
import dev.orderlog.fulfilment.FulfilmentInput.OrderCancelled;
import dev.orderlog.fulfilment.FulfilmentInput.OrderRefused;
import dev.orderlog.fulfilment.FulfilmentInput.OrderShipped;
import dev.orderlog.fulfilment.FulfilmentInput.PaymentConfirmedOnOrder;
import dev.orderlog.fulfilment.FulfilmentInput.RefundRefused;
import dev.orderlog.fulfilment.FulfilmentInput.Refunded;
import dev.orderlog.fulfilment.FulfilmentInput.RetryCompensation;
import dev.orderlog.fulfilment.FulfilmentInput.ShipmentConfirmed;
import dev.orderlog.fulfilment.FulfilmentInput.Start;
import dev.orderlog.fulfilment.FulfilmentInput.StockCommitted;
import dev.orderlog.fulfilment.FulfilmentInput.StockReleased;
import dev.orderlog.fulfilment.FulfilmentInput.StockReserved;
import dev.orderlog.fulfilment.FulfilmentInput.StockUnavailable;
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
 * the payment, confirm it on the order, await the warehouse, ship the order and commit the stock. A failure undoes
 * what was done in reverse: refund, release the stock, cancel the order with a reason the customer can read.
 */
public final class FulfilmentDecider implements Decider<FulfilmentInput, Fulfilment, FulfilmentEvent> {
    private final Duration paymentTimeout;
    private final Duration shipmentTimeout;

    public FulfilmentDecider(Duration paymentTimeout, Duration shipmentTimeout) {
        this.paymentTimeout = paymentTimeout;
        this.shipmentTimeout = shipmentTimeout;
    }

    @Override
    public Fulfilment initial() {
        return new NotStarted();
    }

    @Override
    public List<FulfilmentEvent> decide(FulfilmentInput input, Fulfilment state, Instant now) {
        List<FulfilmentEvent> events = new ArrayList<>(decideAlone(input, state, now));
        // What an input completes is decided with it: the next stage's deadline, or the end.
        Fulfilment after = fold(state, events);
        switch (after) {
            case Reserving reserving when reserving.reserved().size() == reserving.job().lines().size() && !events.isEmpty() ->
                    events.add(new PaymentRequested(now.plus(paymentTimeout), now));
            case Shipping shipping when shipping.orderShipped() && shipping.committed().size() == shipping.job().lines().size() ->
                    events.add(new FulfilmentCompleted(now));
            case Compensating compensating when compensating.compensation().done() -> events.add(compensating.compensation().resolution()
                    .<FulfilmentEvent>map(note -> new FulfilmentResolved(note, now))
                    .orElseGet(() -> new FulfilmentCancelled(compensating.compensation().reason(), now)));
            default -> {
            }
        }
        return events;
    }

    private List<FulfilmentEvent> decideAlone(FulfilmentInput input, Fulfilment state, Instant now) {
        return switch (state) {
            case NotStarted notStarted -> input instanceof Start start ? List.of(new FulfilmentStarted(start.job(), now)) : List.of();
            case Reserving reserving -> switch (input) {
                case StockReserved reserved when lineOf(reserving.job(), reserved.sku()) && !reserving.reserved().contains(reserved.sku()) ->
                        List.of(new FulfilmentEvent.StockReserved(reserved.sku(), now));
                case StockUnavailable unavailable -> List.of(new FulfilmentEvent.StockUnavailable(unavailable.sku(), unavailable.reason(), now),
                        new CompensationStarted("Out of stock: " + unavailable.reason(), now));
                default -> common(input, state, now);
            };
            case Charging charging -> switch (input) {
                case ChargeApproved approved -> List.of(new PaymentApproved(approved.chargeId(), now), new ShipmentRequested(now.plus(shipmentTimeout), now));
                case ChargeDeclined declined -> List.of(new FulfilmentEvent.PaymentDeclined(declined.reason(), now),
                        new CompensationStarted("Payment declined: " + declined.reason(), now));
                case DeadlineReached reached when reached.kind() == Deadline.Kind.PAYMENT && !now.isBefore(charging.deadline().dueAt()) ->
                        List.of(new DeadlineMissed(Deadline.Kind.PAYMENT, now), new CompensationStarted("Payment was not confirmed within " + paymentTimeout, now));
                default -> common(input, state, now);
            };
            case AwaitingShipment awaiting -> switch (input) {
                case PaymentConfirmedOnOrder confirmed when !awaiting.paymentConfirmedOnOrder() -> List.of(new FulfilmentEvent.PaymentConfirmedOnOrder(now));
                case OrderRefused refused -> List.of(new CompensationStarted("The order could not be paid: " + refused.reason(), now));
                case ShipmentConfirmed shipment -> {
                    if (!awaiting.paymentConfirmedOnOrder()) {
                        throw FulfilmentRuleViolation.notAwaited("Confirming the shipment before the payment is on the order", state);
                    }
                    yield List.of(new FulfilmentEvent.ShipmentConfirmed(shipment.trackingNumber(), now));
                }
                case DeadlineReached reached when reached.kind() == Deadline.Kind.SHIPMENT && !now.isBefore(awaiting.deadline().dueAt()) ->
                        List.of(new DeadlineMissed(Deadline.Kind.SHIPMENT, now), new CompensationStarted("The order was not shipped within " + shipmentTimeout, now));
                default -> common(input, state, now);
            };
            case Shipping shipping -> switch (input) {
                case OrderShipped shipped when !shipping.orderShipped() -> List.of(new FulfilmentEvent.OrderShipped(now));
                case StockCommitted committed when lineOf(shipping.job(), committed.sku()) && !shipping.committed().contains(committed.sku()) ->
                        List.of(new FulfilmentEvent.StockCommitted(committed.sku(), now));
                case ShipmentConfirmed again when again.trackingNumber().equals(shipping.trackingNumber()) -> List.of();
                // The goods have left: what to give back is an operator's call, not the process's.
                case OrderRefused refused -> List.of(new FulfilmentEvent.NeedsAttention("The warehouse shipped it, but the order could not be marked shipped: "
                        + refused.reason(), now));
                case OrderCancelled cancelled -> List.of(new FulfilmentEvent.OrderCancelled(cancelled.reason(), now),
                        new FulfilmentEvent.NeedsAttention("The order was cancelled after the warehouse shipped it: " + cancelled.reason(), now));
                default -> common(input, state, now);
            };
            case Compensating compensating -> compensate(input, compensating.job(), compensating.compensation(), state, now);
            case NeedsAttention attention -> switch (input) {
                case RetryCompensation retry -> List.of(new CompensationRetried(retry.note(), now));
                case MarkResolved resolved -> List.of(new FulfilmentEvent.ResolvedByOperator(resolved.note(), now));
                default -> late(input, attention.job(), attention.compensation(), state, now);
            };
            case Completed completed -> common(input, state, now);
            case Cancelled cancelled -> late(input, cancelled.job(), cancelled.undone(), state, now);
            case Resolved resolved -> late(input, resolved.job(), resolved.undone(), state, now);
        };
    }

    private static List<FulfilmentEvent> compensate(FulfilmentInput input, Job job, Compensation compensation, Fulfilment state, Instant now) {
        return switch (input) {
            case Refunded refunded when compensation.chargeToRefund().filter(refunded.chargeId()::equals).isPresent() ->
                    List.of(new FulfilmentEvent.PaymentRefunded(refunded.chargeId(), refunded.refundId(), now));
            case RefundRefused refused when compensation.chargeToRefund().filter(refused.chargeId()::equals).isPresent() ->
                    List.of(new FulfilmentEvent.RefundRefused(refused.chargeId(), refused.reason(), now),
                            new FulfilmentEvent.NeedsAttention("The provider refused the refund of " + refused.chargeId() + ": " + refused.reason(), now));
            case ChargeAbsent absent when compensation.chargeUncertain() -> List.of(new FulfilmentEvent.ChargeNotTaken(now));
            case ChargeDeclined declined when compensation.chargeUncertain() -> List.of(new FulfilmentEvent.PaymentDeclined(declined.reason(), now));
            case StockReleased released when compensation.toRelease().contains(released.sku()) -> List.of(new FulfilmentEvent.StockReleased(released.sku(), now));
            case OrderCancelled cancelled when !compensation.orderCancelled() -> List.of(new FulfilmentEvent.OrderCancelled(cancelled.reason(), now));
            // Only its own cancellation's refusal stops compensation; a forward step's, arriving late, changes nothing.
            case OrderRefused refused when refused.stepId().equals(Step.CancelOrder.ID) ->
                    List.of(new FulfilmentEvent.NeedsAttention("The order could not be cancelled: " + refused.reason(), now));
            default -> late(input, job, compensation, state, now);
        };
    }

    /** News that comes after the process gave up: a payment taken, or stock reserved, is undone too, once. */
    private static List<FulfilmentEvent> late(FulfilmentInput input, Job job, Compensation compensation, Fulfilment state, Instant now) {
        return switch (input) {
            case ChargeApproved late when compensation.chargeToRefund().isEmpty() && !compensation.settledCharges().contains(late.chargeId()) ->
                    List.of(new PaymentApproved(late.chargeId(), now));
            case StockReserved late when lineOf(job, late.sku()) && !compensation.toRelease().contains(late.sku()) && !compensation.released().contains(late.sku()) ->
                    List.of(new FulfilmentEvent.StockReserved(late.sku(), now));
            default -> common(input, state, now);
        };
    }

    /** What every stage answers alike: a customer's cancellation starts compensation; operators act only on what needs them. */
    private static List<FulfilmentEvent> common(FulfilmentInput input, Fulfilment state, Instant now) {
        boolean underway = state instanceof Reserving || state instanceof Charging || state instanceof AwaitingShipment;
        return switch (input) {
            case OrderCancelled cancelled when underway -> List.of(new CompensationStarted("Cancelled: " + cancelled.reason(), now),
                    new FulfilmentEvent.OrderCancelled(cancelled.reason(), now));
            case ShipmentConfirmed shipment -> throw FulfilmentRuleViolation.notAwaited("Confirming a shipment", state);
            case RetryCompensation retry -> throw FulfilmentRuleViolation.notAwaited("Retrying compensation", state);
            case MarkResolved resolved -> throw FulfilmentRuleViolation.notAwaited("Marking it resolved", state);
            default -> List.of();
        };
    }

    @Override
    public Fulfilment evolve(Fulfilment state, FulfilmentEvent event) {
        return switch (event) {
            case FulfilmentStarted started -> new Reserving(started.job(), List.of());
            case FulfilmentEvent.StockReserved reserved -> switch (state) {
                case Reserving reserving -> new Reserving(reserving.job(), append(reserving.reserved(), reserved.sku()));
                default -> reopen(state, "A reservation that arrived after the order was given up is released", c -> c.releasing(reserved.sku()));
            };
            case PaymentRequested requested when state instanceof Reserving reserving ->
                    new Charging(reserving.job(), new Deadline(Deadline.Kind.PAYMENT, requested.deadline()));
            case PaymentApproved approved -> switch (state) {
                case Charging charging -> new AwaitingShipment(charging.job(), approved.chargeId(), false, charging.deadline());
                default -> reopen(state, "A payment that arrived after the order was given up is refunded", c -> c.refunding(approved.chargeId()));
            };
            case ShipmentRequested requested when state instanceof AwaitingShipment awaiting ->
                    new AwaitingShipment(awaiting.job(), awaiting.chargeId(), awaiting.paymentConfirmedOnOrder(), new Deadline(Deadline.Kind.SHIPMENT, requested.deadline()));
            case FulfilmentEvent.PaymentConfirmedOnOrder confirmed when state instanceof AwaitingShipment awaiting ->
                    new AwaitingShipment(awaiting.job(), awaiting.chargeId(), true, awaiting.deadline());
            case FulfilmentEvent.ShipmentConfirmed shipment when state instanceof AwaitingShipment awaiting ->
                    new Shipping(awaiting.job(), awaiting.chargeId(), shipment.trackingNumber(), false, List.of());
            case FulfilmentEvent.OrderShipped shipped when state instanceof Shipping shipping ->
                    new Shipping(shipping.job(), shipping.chargeId(), shipping.trackingNumber(), true, shipping.committed());
            case FulfilmentEvent.StockCommitted committed when state instanceof Shipping shipping ->
                    new Shipping(shipping.job(), shipping.chargeId(), shipping.trackingNumber(), shipping.orderShipped(), append(shipping.committed(), committed.sku()));
            case FulfilmentCompleted completed when state instanceof Shipping shipping ->
                    new Completed(shipping.job(), shipping.chargeId(), shipping.trackingNumber());
            case CompensationStarted started -> new Compensating(jobOf(state), undo(state, started.reason()));
            case FulfilmentEvent.PaymentRefunded refunded -> withCompensation(state, c -> c.refunded(refunded.chargeId()));
            case FulfilmentEvent.ChargeNotTaken notTaken -> withCompensation(state, Compensation::chargeSettled);
            case FulfilmentEvent.PaymentDeclined declined -> withCompensation(state, Compensation::chargeSettled);
            case FulfilmentEvent.StockReleased released -> withCompensation(state, c -> c.releasedStock(released.sku()));
            case FulfilmentEvent.OrderCancelled cancelled -> withCompensation(state, Compensation::withOrderCancelled);
            case FulfilmentEvent.NeedsAttention attention -> switch (state) {
                case Compensating compensating -> new NeedsAttention(compensating.job(), compensating.compensation(), attention.problem());
                case Shipping shipping -> new NeedsAttention(shipping.job(), Compensation.of(attention.problem(), Optional.of(shipping.chargeId()), false,
                        List.of(), true), attention.problem());
                default -> state;
            };
            case CompensationRetried retried when state instanceof NeedsAttention attention -> new Compensating(attention.job(), attention.compensation().retried());
            case FulfilmentEvent.ResolvedByOperator resolved when state instanceof NeedsAttention attention ->
                    new Compensating(attention.job(), attention.compensation().resolvedBy(resolved.note()));
            case FulfilmentResolved resolved when state instanceof Compensating compensating -> new Resolved(compensating.job(), compensating.compensation());
            case FulfilmentCancelled cancelled when state instanceof Compensating compensating -> new Cancelled(compensating.job(), compensating.compensation());
            default -> state;
        };
    }

    /** The one step to send next, if any: what the state still lacks, in the process's order. */
    public static Optional<Step> next(Fulfilment state) {
        return switch (state) {
            case Reserving reserving -> reserving.job().lines().stream().filter(line -> !reserving.reserved().contains(line.sku())).findFirst()
                    .map(line -> new Step.ReserveStock(line.sku(), line.quantity()));
            case Charging charging -> Optional.of(new Step.ChargePayment());
            case AwaitingShipment awaiting -> awaiting.paymentConfirmedOnOrder() ? Optional.empty() : Optional.of(new Step.ConfirmPaymentOnOrder(awaiting.chargeId()));
            case Shipping shipping -> !shipping.orderShipped() ? Optional.of(new Step.ShipOrder(shipping.trackingNumber()))
                    : shipping.job().lines().stream().filter(line -> !shipping.committed().contains(line.sku())).findFirst().map(line -> new Step.CommitStock(line.sku()));
            case Compensating compensating -> {
                Compensation c = compensating.compensation();
                if (c.chargeToRefund().isPresent()) {
                    yield Optional.of(new Step.RefundPayment(c.chargeToRefund().get(), c.refundAttempt()));
                }
                if (c.chargeUncertain()) {
                    yield Optional.of(new Step.LookUpCharge());
                }
                if (!c.toRelease().isEmpty()) {
                    yield Optional.of(new Step.ReleaseStock(c.toRelease().getFirst()));
                }
                yield c.orderCancelled() ? Optional.empty() : Optional.of(new Step.CancelOrder(c.reason()));
            }
            default -> Optional.empty();
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
            case Cancelled cancelled -> new Compensating(cancelled.job(), change.apply(cancelled.undone().reopened(why)));
            case Resolved resolved -> new Compensating(resolved.job(), change.apply(resolved.undone().reopened(why)));
            default -> withCompensation(state, change);
        };
    }

    /** What compensation must undo from where the process got to; stock last reserved is released first. */
    private static Compensation undo(Fulfilment state, String reason) {
        return switch (state) {
            case Reserving reserving -> Compensation.of(reason, Optional.empty(), false, reversed(reserving.reserved()), false);
            // The charge's answer never came: the provider is asked under its key before the payment is given up.
            case Charging charging -> Compensation.of(reason, Optional.empty(), true, reversed(skus(charging.job())), false);
            case AwaitingShipment awaiting -> Compensation.of(reason, Optional.of(awaiting.chargeId()), false, reversed(skus(awaiting.job())), false);
            default -> Compensation.of(reason, Optional.empty(), false, List.of(), true);
        };
    }

    private static Fulfilment withCompensation(Fulfilment state, UnaryOperator<Compensation> change) {
        return switch (state) {
            case Compensating compensating -> new Compensating(compensating.job(), change.apply(compensating.compensation()));
            case NeedsAttention attention -> new NeedsAttention(attention.job(), change.apply(attention.compensation()), attention.problem());
            default -> state;
        };
    }

    /** The job of a started instance. */
    public static Job jobOf(Fulfilment state) {
        return switch (state) {
            case NotStarted notStarted -> throw new IllegalStateException("A fulfilment that has not started has no job");
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

    private static List<String> reversed(List<String> skus) {
        return new ArrayList<>(skus).reversed();
    }

    private static List<String> append(List<String> list, String value) {
        List<String> longer = new ArrayList<>(list);
        longer.add(value);
        return longer;
    }
}
