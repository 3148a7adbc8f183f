package dev.orderlog.fulfilment.process;

import dev.orderlog.fulfilment.Fulfilment;
import dev.orderlog.fulfilment.FulfilmentDecider;
import dev.orderlog.fulfilment.FulfilmentEvent;
import dev.orderlog.fulfilment.FulfilmentInput;
import dev.orderlog.fulfilment.Fulfilments;
import dev.orderlog.fulfilment.Job;
import dev.orderlog.fulfilment.Step;
import dev.orderlog.order.Money;
import dev.orderlog.order.Order;
import dev.orderlog.order.OrderCommand;
import dev.orderlog.order.Orders;
import dev.orderlog.payment.PaymentGateway.ChargeOutcome;
import dev.orderlog.payment.PaymentGateway.RefundOutcome;
import dev.orderlog.payment.PaymentGateway;
import dev.orderlog.payment.PaymentProviderUnavailable;
import dev.orderlog.platform.command.CommandContext;
import dev.orderlog.platform.command.CommandPipeline;
import dev.orderlog.platform.command.RuleViolation;
import dev.orderlog.stock.StockCommand;
import dev.orderlog.stock.StockRule;
import dev.orderlog.stock.Stocks;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
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

    private final Fulfilments fulfilments;
    private final Orders orders;
    private final Stocks stocks;
    private final PaymentGateway payments;
    private final ExecutorService drivers = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<String> driving = ConcurrentHashMap.newKeySet();
    private final Set<String> again = ConcurrentHashMap.newKeySet();

    public FulfilmentProcess(Fulfilments fulfilments, Orders orders, Stocks stocks, PaymentGateway payments) {
        this.fulfilments = fulfilments;
        this.orders = orders;
        this.stocks = stocks;
        this.payments = payments;
    }

    /**
     * Records {@code input}, caused by {@code causationId} (the event, webhook, deadline or request it came from), and
     * drives the instance on. Returns the state after both.
     */
    public Fulfilment accept(String orderId, FulfilmentInput input, String correlationId, String causationId, String actor) {
        return drive(orderId, record(orderId, input, correlationId, causationId, actor));
    }

    /** Records {@code input} only; what it calls for is sent by a drive. */
    public Fulfilment record(String orderId, FulfilmentInput input, String correlationId, String causationId, String actor) {
        CommandPipeline.Outcome<Fulfilment, FulfilmentEvent> recorded = fulfilments.record(orderId, input, context(correlationId, causationId, actor));
        if (!recorded.events().isEmpty()) {
            LOG.infof("Fulfilment %s recorded %s at revision %d: now %s [correlation %s]", Fulfilments.STREAMS.streamOf(orderId),
                    input.getClass().getSimpleName(), recorded.revision(), recorded.state().phase(), correlationId);
        }
        return recorded.state();
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
        drivers.submit(() -> {
            try {
                do {
                    again.remove(orderId);
                    drive(orderId);
                } while (again.contains(orderId));
            } catch (RuntimeException failed) {
                LOG.warnf("Fulfilment %s not driven on now (%s); the poller tries again", Fulfilments.STREAMS.streamOf(orderId), failed.toString());
            } finally {
                driving.remove(orderId);
                if (again.remove(orderId)) {
                    driveSoon(orderId);
                }
            }
        });
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
            Optional<FulfilmentInput> result = send(job, step.get());
            if (result.isEmpty()) {
                return current;
            }
            CommandPipeline.Outcome<Fulfilment, FulfilmentEvent> recorded = fulfilments.record(orderId, result.get(),
                    context(job.correlationId(), causation(orderId, step.get()), ACTOR));
            LOG.infof("Fulfilment %s step %s: %s, revision %d, now %s [correlation %s]", Fulfilments.STREAMS.streamOf(orderId), step.get().id(),
                    result.get().getClass().getSimpleName(), recorded.revision(), recorded.state().phase(), job.correlationId());
            current = recorded.state();
        }
        throw new IllegalStateException("Fulfilment of " + orderId + " did not settle within " + MAX_STEPS_PER_DRIVE + " steps");
    }

    /** Sends one step; its result is the next input, or empty when it is not known yet (a webhook or a later drive will tell). */
    private Optional<FulfilmentInput> send(Job job, Step step) {
        CommandContext context = new CommandContext(job.correlationId(), causation(job.orderId(), step), ACTOR,
                Optional.of(stepKey(job, step)), step.id(), Instant.now());
        return switch (step) {
            case Step.ReserveStock reserve -> {
                try {
                    stocks.handle(reserve.sku(), new StockCommand.Reserve(reserve.sku(), job.orderId(), reserve.quantity()), context);
                    yield Optional.of(new FulfilmentInput.StockReserved(reserve.sku()));
                } catch (StockRule refused) {
                    yield Optional.of(new FulfilmentInput.StockUnavailable(reserve.sku(), refused.getMessage()));
                }
            }
            case Step.ChargePayment charge -> {
                try {
                    yield switch (payments.charge(chargeKey(job),
                            new PaymentGateway.Charge(job.orderId(), job.customerId(), job.amountMinor(), job.currency()))) {
                        case ChargeOutcome.Approved approved -> Optional.of(new FulfilmentInput.ChargeApproved(approved.chargeId()));
                        case ChargeOutcome.Declined declined -> Optional.of(new FulfilmentInput.ChargeDeclined(declined.reason()));
                        case ChargeOutcome.Pending pending -> Optional.empty();
                    };
                } catch (PaymentProviderUnavailable unknown) {
                    yield Optional.empty();
                }
            }
            case Step.LookUpCharge lookUp -> {
                try {
                    yield switch (payments.findCharge(chargeKey(job)).orElse(null)) {
                        case null -> Optional.of(new FulfilmentInput.ChargeAbsent());
                        case ChargeOutcome.Approved approved -> Optional.of(new FulfilmentInput.ChargeApproved(approved.chargeId()));
                        case ChargeOutcome.Declined declined -> Optional.of(new FulfilmentInput.ChargeDeclined(declined.reason()));
                        case ChargeOutcome.Pending pending -> Optional.empty();
                    };
                } catch (PaymentProviderUnavailable unknown) {
                    yield Optional.empty();
                }
            }
            // Done already (by hand, or by another replica whose result was lost) counts as done.
            case Step.ConfirmPaymentOnOrder confirm -> onOrder(job, new OrderCommand.ConfirmPayment(new Money(job.amountMinor(), job.currency()), confirm.chargeId()),
                    context, step, new FulfilmentInput.PaymentConfirmedOnOrder(), order -> order instanceof Order.Paid || order instanceof Order.Shipped
                            || order instanceof Order.Delivered);
            case Step.ShipOrder ship -> onOrder(job, new OrderCommand.ShipOrder(ship.trackingNumber()), context, step, new FulfilmentInput.OrderShipped(),
                    order -> order instanceof Order.Shipped || order instanceof Order.Delivered);
            case Step.CommitStock commit -> {
                stocks.handle(commit.sku(), new StockCommand.Commit(commit.sku(), job.orderId()), context);
                yield Optional.of(new FulfilmentInput.StockCommitted(commit.sku()));
            }
            case Step.RefundPayment refund -> {
                try {
                    yield switch (payments.refund(stepKey(job, step),
                            new PaymentGateway.Refund(job.orderId(), refund.chargeId(), job.amountMinor(), job.currency()))) {
                        case RefundOutcome.Refunded refunded -> Optional.of(new FulfilmentInput.Refunded(refund.chargeId(), refunded.refundId()));
                        case RefundOutcome.Refused refused -> Optional.of(new FulfilmentInput.RefundRefused(refund.chargeId(), refused.reason()));
                    };
                } catch (PaymentProviderUnavailable unknown) {
                    yield Optional.empty();
                }
            }
            case Step.ReleaseStock release -> {
                stocks.handle(release.sku(), new StockCommand.Release(release.sku(), job.orderId()), context);
                yield Optional.of(new FulfilmentInput.StockReleased(release.sku()));
            }
            // Cancelled meanwhile (by its customer): the order is as compensation wants it.
            case Step.CancelOrder cancel -> onOrder(job, new OrderCommand.CancelOrder(cancel.reason()), context, step,
                    new FulfilmentInput.OrderCancelled(cancel.reason()), order -> order instanceof Order.Cancelled);
        };
    }

    /** A command on the order; refused, it is still done when the order already is as {@code alreadyDone} says. */
    private Optional<FulfilmentInput> onOrder(Job job, OrderCommand command, CommandContext context, Step step, FulfilmentInput done,
                                              Predicate<Order> alreadyDone) {
        try {
            orders.handle(job.orderId(), command, context, OptionalLong.empty());
            return Optional.of(done);
        } catch (RuleViolation refused) {
            return Optional.of(alreadyDone.test(orders.current(job.orderId()).state()) ? done : new FulfilmentInput.OrderRefused(step.id(), refused.getMessage()));
        }
    }

    /** The key a step is sent under, the same on every attempt: the receiver's idempotency key, the provider's too. */
    private static String stepKey(Job job, Step step) {
        return "fulfilment:" + job.orderId() + ":" + step.id();
    }

    private static String chargeKey(Job job) {
        return stepKey(job, new Step.ChargePayment());
    }

    private static CommandContext context(String correlationId, String causationId, String actor) {
        return new CommandContext(correlationId, causationId, actor, Optional.empty(), "", Instant.now());
    }

    /** What the order's audit trail shows as the cause of an event the process made: the instance and its step. */
    private static String causation(String orderId, Step step) {
        return Fulfilments.STREAMS.streamOf(orderId) + "/" + step.id();
    }
}
