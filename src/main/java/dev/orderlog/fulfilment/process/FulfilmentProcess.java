package dev.orderlog.fulfilment.process;

import dev.orderlog.fulfilment.Fulfilment;
import dev.orderlog.fulfilment.FulfilmentDecider;
import dev.orderlog.fulfilment.FulfilmentEvent;
import dev.orderlog.fulfilment.FulfilmentInput;
import dev.orderlog.fulfilment.FulfilmentRuleViolation;
import dev.orderlog.fulfilment.Fulfilments;
import dev.orderlog.fulfilment.Job;
import dev.orderlog.fulfilment.Shipment;
import dev.orderlog.fulfilment.Step;
import dev.orderlog.order.Money;
import dev.orderlog.order.Order;
import dev.orderlog.order.OrderCommand;
import dev.orderlog.order.Orders;
import dev.orderlog.payment.PaymentGateway;
import dev.orderlog.payment.PaymentGateway.ChargeOutcome;
import dev.orderlog.payment.PaymentGateway.RefundOutcome;
import dev.orderlog.payment.PaymentProviderUnavailable;
import dev.orderlog.platform.command.CommandContext;
import dev.orderlog.platform.command.CommandPipeline;
import dev.orderlog.platform.command.ConcurrencyConflict;
import dev.orderlog.platform.command.ExpectedRevision;
import dev.orderlog.platform.command.RuleViolation;
import dev.orderlog.platform.tracing.EventTracing;
import dev.orderlog.stock.StockCommand;
import dev.orderlog.stock.StockRuleViolation;
import dev.orderlog.stock.Stocks;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs fulfilment instances: records an input in the instance's stream first, then sends the steps its new state
 * calls for, one at a time, recording each step's result as the next input. Any replica may drive any instance at
 * any time: the expected revision serialises the recording, and every step carries a key derived from the instance
 * and the step, so sending one twice has one effect.
 */
@ApplicationScoped
public class FulfilmentProcess {
    /** The actor of everything the process records and sends. */
    public static final String ACTOR = "fulfilment-process";

    private static final Logger LOG = Logger.getLogger(FulfilmentProcess.class);
    /** More steps than any instance has: a bound against a bug that would loop. */
    private static final int MAX_STEPS_PER_DRIVE = 64;
    /** Drives in a row that may lose to other replicas' writes before the instance is left to the poller. */
    private static final int MAX_CONTENDED_DRIVES = 20;

    private final Fulfilments fulfilments;
    private final EventTracing tracing;
    private final Orders orders;
    private final Stocks stocks;
    private final PaymentGateway payments;
    private final ExecutorService drivers = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<String> driving = ConcurrentHashMap.newKeySet();
    private final Set<String> again = ConcurrentHashMap.newKeySet();
    /** Drives in a row that lost to another replica's writes, per instance. */
    private final Map<String, Integer> contended = new ConcurrentHashMap<>();

    public FulfilmentProcess(
            Fulfilments fulfilments, Orders orders, Stocks stocks, PaymentGateway payments, EventTracing tracing) {
        this.fulfilments = fulfilments;
        this.tracing = tracing;
        this.orders = orders;
        this.stocks = stocks;
        this.payments = payments;
    }

    /**
     * Records {@code input}, caused by {@code causationId} (the event, webhook, deadline or request it came from), and
     * drives the instance on. Returns the state after both.
     */
    /** As above, under the context's Idempotency-Key: a repeat records nothing again and answers with the state now. */
    public Fulfilment accept(String orderId, FulfilmentInput input, CommandContext context) {
        return drive(orderId, record(orderId, input, context));
    }

    /**
     * The warehouse shipped the order. The order rules: the shipment is first a command on {@code order-{id}}, as the
     * customer's cancellation is, so exactly one of the two wins; then it is recorded here and the stock committed. The
     * same tracking number again (a retry after a lost answer) answers as the first time; another one is refused, naming
     * the first.
     */
    public Fulfilment confirmShipment(String orderId, Shipment shipment, CommandContext context) {
        String trackingNumber = shipment.trackingNumber();
        Fulfilment state = fulfilments.current(orderId).state();
        boolean shippedHere = state instanceof Fulfilment.Shipping || state instanceof Fulfilment.Completed;
        // Awaited, or being given up with the order not cancelled yet (the order decides); at any other stage nothing
        // is shipped.
        boolean shippable = state instanceof Fulfilment.AwaitingShipment
                || state instanceof Fulfilment.Compensating compensating
                        && !compensating.compensation().orderCancelled()
                        && compensating.compensation().payment() instanceof Fulfilment.PaymentToUndo.Refund;
        if (!shippedHere && !shippable) {
            throw FulfilmentRuleViolation.notAwaited("Confirming a shipment", state);
        }
        if (!shippedHere) {
            try {
                orders.handle(
                        orderId,
                        new OrderCommand.ShipOrder(trackingNumber, shipment.carrier()),
                        context,
                        ExpectedRevision.ANY);
            } catch (RuleViolation refused) {
                String shippedUnder = switch (orders.current(orderId).state()) {
                    case Order.Shipped shipped -> shipped.trackingNumber();
                    case Order.Delivered delivered -> delivered.trackingNumber();
                    default -> throw refused;
                };
                if (!shippedUnder.equals(trackingNumber)) {
                    throw FulfilmentRuleViolation.shippedUnder(shippedUnder);
                }
                // Shipped with this number already, and the answer lost: recorded below as the first time.
            }
        }
        return accept(orderId, new FulfilmentInput.Order.Shipped(trackingNumber), context);
    }

    /** Records {@code input} only; what it calls for is sent by a drive. */
    public Fulfilment record(String orderId, FulfilmentInput input, CommandContext context) {
        CommandPipeline.Outcome<Fulfilment, FulfilmentEvent> recorded = fulfilments.record(orderId, input, context);
        if (!recorded.events().isEmpty() && !recorded.repeated()) {
            LOG.infof(
                    "Fulfilment %s recorded %s at revision %d: now %s [correlation %s]",
                    Fulfilments.STREAMS.streamOf(orderId),
                    input.getClass().getSimpleName(),
                    recorded.revision(),
                    recorded.state().phase(),
                    context.correlationId());
        }
        return recorded.repeated() ? fulfilments.current(orderId).state() : recorded.state();
    }

    /** Sends what the instance's stored state still calls for. */
    public Fulfilment drive(String orderId) {
        return drive(orderId, fulfilments.current(orderId).state());
    }

    /**
     * Drives the instance on a thread of its own, so a slow provider holds up neither the subscription nor the poller;
     * one drive per instance at a time in this replica, and one more if asked meanwhile. A drive lost to a crash is
     * picked up by the poller.
     */
    public void driveSoon(String orderId) {
        if (!driving.add(orderId)) {
            again.add(orderId);
            return;
        }
        drivers.submit(EventTracing.carried(() -> {
            try {
                do {
                    again.remove(orderId);
                    drive(orderId);
                } while (again.contains(orderId));
                contended.remove(orderId);
            } catch (ConcurrencyConflict contention) {
                // Another replica kept writing the same stream (a hot SKU's stock, say): it made progress, so this
                // drive
                // goes again shortly, rather than waiting for the poller's stall timeout.
                if (contended.merge(orderId, 1, Integer::sum) <= MAX_CONTENDED_DRIVES) {
                    pause(ThreadLocalRandom.current().nextLong(5, 50));
                    again.add(orderId);
                } else {
                    contended.remove(orderId);
                    LOG.warnf(
                            "Fulfilment %s not driven on now (%s); the poller tries again",
                            Fulfilments.STREAMS.streamOf(orderId), contention.toString());
                }
            } catch (RuntimeException failed) {
                contended.remove(orderId);
                LOG.warnf(
                        "Fulfilment %s not driven on now (%s); the poller tries again",
                        Fulfilments.STREAMS.streamOf(orderId), failed.toString());
            } finally {
                driving.remove(orderId);
                if (again.remove(orderId)) {
                    driveSoon(orderId);
                }
            }
        }));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        drivers.shutdown();
        drivers.awaitTermination(10, TimeUnit.SECONDS);
    }

    private Fulfilment drive(String orderId, Fulfilment state) {
        Fulfilment current = state;
        for (int sent = 0; sent < MAX_STEPS_PER_DRIVE; sent++) {
            Optional<Step> step = FulfilmentDecider.next(current);
            if (step.isEmpty()) {
                return current;
            }
            Job job = FulfilmentDecider.jobOf(current);
            Optional<FulfilmentInput> result =
                    tracing.step("fulfilment " + step.get().getClass().getSimpleName(), () -> send(job, step.get()));
            if (result.isEmpty()) {
                return current;
            }
            CommandPipeline.Outcome<Fulfilment, FulfilmentEvent> recorded = fulfilments.record(
                    orderId,
                    result.get(),
                    CommandContext.correlated(job.correlationId())
                            .causedBy(causation(orderId, step.get()))
                            .actedBy(ACTOR));
            LOG.infof(
                    "Fulfilment %s step %s: %s, revision %d, now %s [correlation %s]",
                    Fulfilments.STREAMS.streamOf(orderId),
                    step.get().id(),
                    result.get().getClass().getSimpleName(),
                    recorded.revision(),
                    recorded.state().phase(),
                    job.correlationId());
            current = recorded.state();
        }
        throw new IllegalStateException(
                "Fulfilment of " + orderId + " did not settle within " + MAX_STEPS_PER_DRIVE + " steps");
    }

    /** Sends one step; its result is the next input, or empty when it is not known yet (a webhook or a later drive will tell). */
    private Optional<FulfilmentInput> send(Job job, Step step) {
        CommandContext context = CommandContext.correlated(job.correlationId())
                .causedBy(causation(job.orderId(), step))
                .actedBy(ACTOR)
                .keyedBy(stepKey(job, step), step.id());
        // A stock stream is idempotent per order by its own rules, so its steps go without a key, and spare a hot
        // stream the search for one among its newest events.
        CommandContext unkeyed = context.withoutIdempotencyKey();
        return switch (step) {
            case Step.ReserveStock reserve -> Optional.of(toStock(job, reserve, unkeyed));
            case Step.CommitStock commit -> Optional.of(toStock(job, commit, unkeyed));
            case Step.ReleaseStock release -> Optional.of(toStock(job, release, unkeyed));
            case Step.ChargePayment charge -> toProvider(job, charge);
            case Step.LookUpCharge lookUp -> toProvider(job, lookUp);
            case Step.RefundPayment refund -> toProvider(job, refund);
            case Step.ConfirmPaymentOnOrder confirm -> Optional.of(toOrder(job, confirm, context));
            case Step.CancelOrder cancel -> Optional.of(toOrder(job, cancel, context));
            case Step.ShipOrder ship -> Optional.of(toOrder(job, ship, context));
        };
    }

    /** A command on {@code stock-{sku}}: idempotent per order there, so its result is always known. */
    private FulfilmentInput toStock(Job job, Step step, CommandContext context) {
        return switch (step) {
            case Step.ReserveStock reserve -> {
                try {
                    stocks.handle(
                            reserve.sku(),
                            new StockCommand.Reserve(reserve.sku(), job.orderId(), reserve.quantity()),
                            context);
                    yield new FulfilmentInput.Stock.Reserved(reserve.sku());
                } catch (StockRuleViolation refused) {
                    yield new FulfilmentInput.Stock.Unavailable(reserve.sku(), refused.getMessage());
                }
            }
            case Step.CommitStock commit -> {
                stocks.handle(commit.sku(), new StockCommand.Commit(commit.sku(), job.orderId()), context);
                yield new FulfilmentInput.Stock.Committed(commit.sku());
            }
            case Step.ReleaseStock release -> {
                stocks.handle(release.sku(), new StockCommand.Release(release.sku(), job.orderId()), context);
                yield new FulfilmentInput.Stock.Released(release.sku());
            }
            default -> throw new IllegalArgumentException("Not a stock step: " + step);
        };
    }

    /** A call to the payment provider: its outcome may stay unknown (pending, provider away), to be learnt from a webhook or a later drive. */
    private Optional<FulfilmentInput> toProvider(Job job, Step step) {
        try {
            return switch (step) {
                case Step.ChargePayment charge ->
                    switch (payments.charge(
                            chargeKey(job),
                            new PaymentGateway.Charge(
                                    job.orderId(), job.customerId(), job.amountMinor(), job.currency()))) {
                        case ChargeOutcome.Approved approved ->
                            Optional.of(new FulfilmentInput.Payment.ChargeApproved(approved.chargeId()));
                        case ChargeOutcome.Declined declined ->
                            Optional.of(new FulfilmentInput.Payment.ChargeDeclined(declined.reason()));
                        case ChargeOutcome.Pending pending -> Optional.empty();
                    };
                case Step.LookUpCharge lookUp ->
                    switch (payments.findCharge(chargeKey(job)).orElse(null)) {
                        case null -> Optional.of(new FulfilmentInput.Payment.ChargeAbsent());
                        case ChargeOutcome.Approved approved ->
                            Optional.of(new FulfilmentInput.Payment.ChargeApproved(approved.chargeId()));
                        case ChargeOutcome.Declined declined ->
                            Optional.of(new FulfilmentInput.Payment.ChargeDeclined(declined.reason()));
                        case ChargeOutcome.Pending pending -> Optional.empty();
                    };
                case Step.RefundPayment refund ->
                    switch (payments.refund(
                            stepKey(job, step),
                            new PaymentGateway.Refund(
                                    job.orderId(), refund.chargeId(), job.amountMinor(), job.currency()))) {
                        case RefundOutcome.Refunded refunded ->
                            Optional.of(new FulfilmentInput.Payment.Refunded(refund.chargeId(), refunded.refundId()));
                        case RefundOutcome.Refused refused ->
                            Optional.of(new FulfilmentInput.Payment.RefundRefused(
                                    refund.chargeId(), refund.attempt(), refused.reason()));
                    };
                default -> throw new IllegalArgumentException("Not a payment step: " + step);
            };
        } catch (PaymentProviderUnavailable unknown) {
            return Optional.empty();
        }
    }

    /**
     * A command on {@code order-{id}}, the arbiter of races with the customer and the warehouse. Refused, it is still
     * done when the order already is as the step wants it; a cancellation refused because the warehouse shipped the
     * order first is the shipment, which the instance then follows.
     */
    private FulfilmentInput toOrder(Job job, Step step, CommandContext context) {
        OrderCommand command = switch (step) {
            case Step.ConfirmPaymentOnOrder confirm ->
                new OrderCommand.ConfirmPayment(new Money(job.amountMinor(), job.currency()), confirm.chargeId());
            case Step.CancelOrder cancel -> new OrderCommand.CancelOrder(cancel.reason());
            case Step.ShipOrder ship -> new OrderCommand.ShipOrder(ship.trackingNumber());
            default -> throw new IllegalArgumentException("Not an order step: " + step);
        };
        FulfilmentInput done = switch (step) {
            case Step.CancelOrder cancel -> new FulfilmentInput.Order.Cancelled(cancel.reason());
            case Step.ShipOrder ship -> new FulfilmentInput.Order.Shipped(ship.trackingNumber());
            default -> new FulfilmentInput.Order.PaymentConfirmed();
        };
        try {
            orders.handle(job.orderId(), command, context, ExpectedRevision.ANY);
            return done;
        } catch (RuleViolation refused) {
            Order order = orders.current(job.orderId()).state();
            return switch (order) {
                case Order.Paid paid when step instanceof Step.ConfirmPaymentOnOrder -> done;
                case Order.Cancelled cancelled when step instanceof Step.CancelOrder -> done;
                case Order.Shipped shipped ->
                    step instanceof Step.ConfirmPaymentOnOrder
                            ? done
                            : new FulfilmentInput.Order.Shipped(shipped.trackingNumber());
                case Order.Delivered delivered ->
                    step instanceof Step.ConfirmPaymentOnOrder
                            ? done
                            : new FulfilmentInput.Order.Shipped(delivered.trackingNumber());
                default -> new FulfilmentInput.Order.Refused(step.id(), refused.getMessage());
            };
        }
    }

    /** The key a step is sent under, the same on every attempt: the receiver's idempotency key, the provider's too. */
    private static String stepKey(Job job, Step step) {
        return "fulfilment:" + job.orderId() + ":" + step.id();
    }

    private static String chargeKey(Job job) {
        return stepKey(job, new Step.ChargePayment());
    }

    /** What the order's audit trail shows as the cause of an event the process made: the instance and its step. */
    private static String causation(String orderId, Step step) {
        return Fulfilments.STREAMS.streamOf(orderId) + "/" + step.id();
    }
}
