package dev.orderlog.fulfilment.process;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.fulfilment.FulfilmentInput;
import dev.orderlog.fulfilment.FulfilmentRuleViolation;
import dev.orderlog.fulfilment.Job;
import dev.orderlog.order.Order;
import dev.orderlog.order.OrderEvent;
import dev.orderlog.order.Orders;
import dev.orderlog.platform.command.CommandContext;
import dev.orderlog.platform.command.EventCodec;
import dev.orderlog.platform.command.EventMetadata;
import dev.orderlog.platform.kurrentdb.EventStoreUnavailable;
import dev.orderlog.platform.kurrentdb.StreamCategory;
import dev.orderlog.platform.subscription.BatchHandler;
import dev.orderlog.platform.tracing.EventTracing;
import dev.orderlog.stock.StockEvent;
import dev.orderlog.stock.Stocks;
import io.kurrent.dbclient.RecordedEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;

/**
 * The process's subscription: order and stock events become inputs of the instance of their order. An order placed
 * starts one; its cancellation, its shipment by hand, and its stock reserved are recorded in it. Events handled before
 * are recorded as nothing the second time, and the instance is driven on either way (a crash may have come between the
 * two), on a thread of its own, so the subscription waits for KurrentDB only, never for the payment provider.
 */
final class FulfilmentInbox implements BatchHandler {
    private static final Logger LOG = Logger.getLogger(FulfilmentInbox.class);
    private final FulfilmentProcess process;
    private final Orders orders;
    private final EventCodec<OrderEvent> orderEvents;
    private final EventCodec<StockEvent> stockEvents;
    private final EventTracing tracing;
    private final ExecutorService recorders = Executors.newVirtualThreadPerTaskExecutor();

    FulfilmentInbox(FulfilmentProcess process, Orders orders, ObjectMapper json, EventTracing tracing) {
        this.process = process;
        this.tracing = tracing;
        this.orders = orders;
        this.orderEvents = new EventCodec<>(json, Orders.EVENT_TYPES);
        this.stockEvents = new EventCodec<>(json, Stocks.EVENT_TYPES);
    }

    /** Streams whose events can be inputs. */
    static String streamRegex() {
        return StreamCategory.streamRegexOf(Orders.STREAMS, Stocks.STREAMS);
    }

    /**
     * Each order's inputs in their order, different orders' at once: an instance's recording waits for KurrentDB, and
     * one order's wait holds up no other. The batch is acked once all are recorded.
     */
    @Override
    public List<Outcome> handle(List<RecordedEvent> batch) {
        Map<String, List<Received>> byOrder = new LinkedHashMap<>();
        for (RecordedEvent event : batch) {
            inputOf(event)
                    .ifPresent(input -> byOrder.computeIfAbsent(input.orderId(), id -> new ArrayList<>())
                            .add(new Received(event, input)));
        }
        List<Future<?>> recordings = new ArrayList<>(byOrder.size());
        byOrder.values().forEach(inputs -> recordings.add(recorders.submit(() -> inputs.forEach(this::record))));
        // Every recording is waited for before a failure is thrown, so a retried batch never races its own leftovers.
        List<RuntimeException> failures = recordings.stream()
                .map(FulfilmentInbox::failureOf)
                .flatMap(Optional::stream)
                .toList();
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
        return batch.stream().map(event -> Outcome.APPLIED).toList();
    }

    /** In the trace of the event's writer: the instance's steps it sets off, the provider call among them, join it. */
    private void record(Received received) {
        tracing.handle(FulfilmentRunner.GROUP, received.event(), () -> {
            recordInput(received);
            process.driveSoon(received.input().orderId());
            return received;
        });
    }

    private void recordInput(Received received) {
        Addressed input = received.input();
        RecordedEvent event = received.event();
        try {
            process.record(
                    input.orderId(),
                    input.input(),
                    CommandContext.correlated(input.correlationId())
                            .causedBy(event.getEventId().toString())
                            .actedBy(FulfilmentProcess.ACTOR));
        } catch (FulfilmentRuleViolation notNow) {
            // News the instance's stage has no use for (a shipment by hand of an order it never got to pay, say).
            LOG.infof(
                    "Fulfilment of order %s ignores %s of %s@%d: %s",
                    input.orderId(),
                    event.getEventType(),
                    event.getStreamId(),
                    event.getRevision(),
                    notNow.getMessage());
        }
    }

    private static Optional<RuntimeException> failureOf(Future<?> recording) {
        try {
            recording.get();
            return Optional.empty();
        } catch (ExecutionException failed) {
            return Optional.of(
                    failed.getCause() instanceof RuntimeException runtime
                            ? runtime
                            : new IllegalStateException(failed.getCause()));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Optional.of(new EventStoreUnavailable("fulfilment inbox", interrupted));
        }
    }

    @Override
    public boolean isTransient(RuntimeException failure) {
        return failure instanceof EventStoreUnavailable;
    }

    private record Addressed(String orderId, FulfilmentInput input, String correlationId) {}

    private record Received(RecordedEvent event, Addressed input) {}

    private Optional<Addressed> inputOf(RecordedEvent event) {
        String correlation = correlationOf(event);
        if (Orders.STREAMS.contains(event.getStreamId())) {
            String orderId = Orders.STREAMS.idOf(event.getStreamId());
            return switch (orderEvents.decode(event)) {
                case OrderEvent.OrderPlaced placed ->
                    jobOf(orderId, event.getRevision(), correlation)
                            .map(job -> new Addressed(orderId, new FulfilmentInput.Order.Placed(job), correlation));
                case OrderEvent.OrderCancelled cancelled ->
                    Optional.of(new Addressed(
                            orderId, new FulfilmentInput.Order.Cancelled(cancelled.reason()), correlation));
                // Shipped through the warehouse's confirmation (recorded here already, unless a crash came between) or
                // by hand.
                case OrderEvent.OrderShipped shipped ->
                    Optional.of(new Addressed(
                            orderId, new FulfilmentInput.Order.Shipped(shipped.trackingNumber()), correlation));
                default -> Optional.empty();
            };
        }
        return switch (stockEvents.decode(event)) {
            case StockEvent.StockReserved reserved ->
                Optional.of(new Addressed(
                        reserved.orderId(), new FulfilmentInput.Stock.Reserved(reserved.sku()), correlation));
            default -> Optional.empty();
        };
    }

    /** The order as placed: its state at the revision of its OrderPlaced. */
    private Optional<Job> jobOf(String orderId, long placedAt, String correlationId) {
        return orders.atRevision(orderId, placedAt)
                .map(loaded -> loaded.state())
                .flatMap(state -> state instanceof Order.Placed placed
                        ? Optional.of(new Job(
                                orderId,
                                placed.details().customerId(),
                                placed.details().currency(),
                                placed.details().total().amountMinor(),
                                placed.details().lines().stream()
                                        .map(line -> new Job.Line(line.sku(), line.quantity()))
                                        .toList(),
                                correlationId))
                        : Optional.empty());
    }

    private String correlationOf(RecordedEvent event) {
        return Optional.ofNullable(orderEvents.metadataOf(event))
                .map(EventMetadata::correlationId)
                .orElse(event.getEventId().toString());
    }
}
