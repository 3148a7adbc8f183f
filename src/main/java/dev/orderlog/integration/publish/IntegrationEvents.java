package dev.orderlog.integration.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.integration.contract.IntegrationEvent;
import dev.orderlog.order.Order;
import dev.orderlog.order.OrderDecider;
import dev.orderlog.order.OrderEvent;
import dev.orderlog.order.Orders;
import dev.orderlog.platform.command.CommandPipeline;
import dev.orderlog.platform.command.Decider;
import dev.orderlog.platform.command.EventCodec;
import dev.orderlog.platform.command.EventMetadata;
import dev.orderlog.stock.Stock;
import dev.orderlog.stock.StockDecider;
import dev.orderlog.stock.StockEvent;
import dev.orderlog.stock.Stocks;
import io.kurrent.dbclient.RecordedEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;

/**
 * The one place internal events become integration events. Order events that carry less than the contract needs
 * (the currency, the lines) are read with the order as it stood at that event; a SKU's level is folded on from the
 * level after its event before, which this mapper remembers per SKU, and read from the stream when it does not.
 */
public final class IntegrationEvents {
    /** What goes out: the contract's event, under the internal event's id, with its correlation and cause. */
    public record Outgoing(IntegrationEvent event, UUID eventId, String correlationId, String causationId) {}

    private static final Logger LOG = Logger.getLogger(IntegrationEvents.class);
    private static final int STREAMS_REMEMBERED = 10_000;

    private final EventCodec<OrderEvent> orderEvents;
    private final EventCodec<StockEvent> stockEvents;
    private final Folded<Order, OrderEvent> orderStates;
    private final Folded<Stock, StockEvent> stockLevels;

    public IntegrationEvents(Orders orders, Stocks stocks, ObjectMapper json) {
        this.orderEvents = new EventCodec<>(json, Orders.EVENT_TYPES);
        this.stockEvents = new EventCodec<>(json, Stocks.EVENT_TYPES);
        this.orderStates = new Folded<>(OrderDecider.DECIDER, orders::atRevision);
        this.stockLevels = new Folded<>(StockDecider.DECIDER, stocks::atRevision);
    }

    /** The streams whose events may be published. */
    public static String streamRegex() {
        return dev.orderlog.platform.kurrentdb.StreamCategory.streamRegexOf(Orders.STREAMS, Stocks.STREAMS);
    }

    /** Empty for an event no contract covers (a line added, a draft's change). Called by one thread at a time. */
    public synchronized Optional<Outgoing> of(RecordedEvent recorded) {
        String stream = recorded.getStreamId();
        Optional<IntegrationEvent> event;
        EventMetadata metadata;
        if (Orders.STREAMS.contains(stream)) {
            metadata = orderEvents.metadataOf(recorded);
            event = ofOrder(Orders.STREAMS.idOf(stream), recorded.getRevision(), orderEvents.decode(recorded));
        } else if (Stocks.STREAMS.contains(stream)) {
            metadata = stockEvents.metadataOf(recorded);
            event = ofStock(
                    Stocks.STREAMS.idOf(stream),
                    recorded.getRevision(),
                    stockEvents.decode(recorded),
                    recorded.getCreated());
        } else {
            return Optional.empty();
        }
        String eventId = recorded.getEventId().toString();
        return event.map(published -> new Outgoing(
                published,
                recorded.getEventId(),
                metadata.correlationId() != null ? metadata.correlationId() : eventId,
                metadata.causationId() != null ? metadata.causationId() : eventId));
    }

    private Optional<IntegrationEvent> ofOrder(String orderId, long revision, OrderEvent event) {
        Optional<Transition<Order>> step = orderStates.at(orderId, revision, event);
        if (step.isEmpty()) {
            LOG.warnf("Order %s's event at revision %d not published: its stream could not be read", orderId, revision);
            return Optional.empty();
        }
        Order before = step.get().before();
        Order after = step.get().after();
        return switch (event) {
            case OrderEvent.OrderPlaced placed
            when after instanceof Order.Placed asPlaced ->
                Optional.of(new IntegrationEvent.OrderPlaced(
                        orderId,
                        asPlaced.details().customerId(),
                        asPlaced.details().currency(),
                        placed.totalMinor(),
                        asPlaced.details().lines().stream()
                                .map(line -> new IntegrationEvent.OrderPlaced.Line(
                                        line.sku(),
                                        line.quantity(),
                                        line.unitPrice().amountMinor()))
                                .toList(),
                        placed.placedAt()));
            case OrderEvent.PaymentConfirmed paid
            when after instanceof Order.Paid asPaid ->
                Optional.of(new IntegrationEvent.OrderPaid(
                        orderId,
                        asPaid.details().currency(),
                        paid.amountMinor(),
                        paid.paymentReference(),
                        paid.paidAt()));
            // A draft given up was never placed: nobody outside heard of it, so there is nothing to take back.
            case OrderEvent.OrderCancelled cancelled
            when after instanceof Order.Cancelled asCancelled && !(before instanceof Order.Draft) ->
                Optional.of(new IntegrationEvent.OrderCancelled(
                        orderId,
                        cancelled.reason(),
                        asCancelled.currency(),
                        cancelled.refundMinor(),
                        cancelled.cancelledAt()));
            case OrderEvent.OrderShipped shipped ->
                Optional.of(new IntegrationEvent.OrderShipped(
                        orderId, shipped.trackingNumber(), shipped.carrier(), shipped.shippedAt()));
            case OrderEvent.OrderDelivered delivered ->
                Optional.of(new IntegrationEvent.OrderDelivered(orderId, delivered.deliveredAt()));
            default -> Optional.empty();
        };
    }

    private Optional<IntegrationEvent> ofStock(String sku, long revision, StockEvent event, Instant recordedAt) {
        Optional<Transition<Stock>> step = stockLevels.at(sku, revision, event);
        if (step.isEmpty()) {
            LOG.warnf("Stock %s's event at revision %d not published: its stream could not be read", sku, revision);
        }
        return step.map(Transition::after)
                .filter(Stock.Tracked.class::isInstance)
                .map(Stock.Tracked.class::cast)
                .map(level -> ofLevel(event, level, recordedAt));
    }

    /** The level after {@code event}: a count is a contract of its own, any other change a level changed. */
    private static IntegrationEvent ofLevel(StockEvent event, Stock.Tracked level, Instant recordedAt) {
        return switch (event) {
            case StockEvent.StockCounted counted ->
                new IntegrationEvent.StockCounted(
                        level.sku(),
                        counted.previous(),
                        level.onHand(),
                        level.reserved(),
                        level.available(),
                        counted.reason(),
                        counted.countedAt());
            case StockEvent.StockReceived received ->
                levelChanged(
                        level, new Change("received", received.quantity(), null, received.receivedAt()), recordedAt);
            case StockEvent.StockReserved reserved ->
                levelChanged(level, new Change("reserved", reserved.quantity(), reserved.orderId(), null), recordedAt);
            case StockEvent.ReservationReleased released ->
                levelChanged(
                        level,
                        new Change("released", released.quantity(), released.orderId(), released.settledAt()),
                        recordedAt);
            case StockEvent.ReservationCommitted committed ->
                levelChanged(
                        level,
                        new Change("committed", committed.quantity(), committed.orderId(), committed.settledAt()),
                        recordedAt);
        };
    }

    /** One change of a level: {@code at} is the event's own time where it has one. */
    private record Change(String reason, int quantity, String orderId, Instant at) {}

    /** At the event's own time where it has one, else when it was recorded. */
    private static IntegrationEvent levelChanged(Stock.Tracked level, Change change, Instant recordedAt) {
        return new IntegrationEvent.StockLevelChanged(
                level.sku(),
                change.reason(),
                change.quantity(),
                change.orderId(),
                level.onHand(),
                level.reserved(),
                level.available(),
                change.at() != null ? change.at() : recordedAt);
    }

    /**
     * Each stream's state after the last of its events seen here, folded on event by event with its decider's
     * evolve; read from the log when the event before was not seen here (a restart, another replica's share, a
     * stream forgotten to bound memory). A stream's first event follows its initial state, with no read.
     */
    private record Transition<S>(S before, S after) {}

    private static final class Folded<S, E> {
        private final Decider<?, S, E> decider;
        private final BiFunction<String, Long, Optional<CommandPipeline.Loaded<S>>> read;
        private final Map<String, CommandPipeline.Loaded<S>> states = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CommandPipeline.Loaded<S>> eldest) {
                return size() > STREAMS_REMEMBERED;
            }
        };

        Folded(Decider<?, S, E> decider, BiFunction<String, Long, Optional<CommandPipeline.Loaded<S>>> read) {
            this.decider = decider;
            this.read = read;
        }

        /** The stream's state before and after its event at {@code revision}; empty when the stream cannot be read so. */
        Optional<Transition<S>> at(String id, long revision, E event) {
            CommandPipeline.Loaded<S> cached = states.get(id);
            Optional<S> before = revision == 0
                    ? Optional.of(decider.initial())
                    : cached != null && cached.revision() == revision - 1
                            ? Optional.of(cached.state())
                            : read.apply(id, revision - 1).map(CommandPipeline.Loaded::state);
            Optional<Transition<S>> transition =
                    before.map(state -> new Transition<>(state, decider.evolve(state, event)));
            transition.ifPresentOrElse(
                    step -> states.put(id, new CommandPipeline.Loaded<>(step.after(), revision, -1)),
                    () -> states.remove(id));
            return transition;
        }
    }
}
