package dev.orderlog.order;

import dev.orderlog.platform.command.Aggregates;
import dev.orderlog.platform.command.CommandContext;
import dev.orderlog.platform.command.CommandPipeline;
import dev.orderlog.platform.command.EventCodec.EventType;
import dev.orderlog.platform.command.ExpectedRevision;
import dev.orderlog.platform.kurrentdb.StreamCategory;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The order aggregate wired to KurrentDB: streams {@code order-<id>}, snapshots in {@code snapshot-order-<id>}. */
@ApplicationScoped
public class Orders {
    /** The order streams, {@code order-<id>}. */
    public static final StreamCategory STREAMS = new StreamCategory("order");
    /** Bump when the shape of {@link Order} changes: older snapshots are then ignored and streams replayed. */
    public static final int SNAPSHOT_SCHEMA_VERSION = 1;
    /** The order's event types as stored: stable names, current versions, and the upcasters from older ones. */
    public static final List<EventType<OrderEvent>> EVENT_TYPES = EventType.allOf(
            OrderEvent.class,
            new EventType<>(
                    "OrderPlaced", OrderEvent.OrderPlaced.class, 2, Map.of(1, OrderUpcasters::structuredAddress)));

    private final CommandPipeline<OrderCommand, Order, OrderEvent> pipeline;
    private final OrderMetrics metrics;

    public Orders(Aggregates aggregates, OrderMetrics metrics) {
        this.metrics = metrics;
        this.pipeline = aggregates.pipeline(new Aggregates.AggregateType<>(
                STREAMS, OrderDecider.DECIDER, Order.class, SNAPSHOT_SCHEMA_VERSION, EVENT_TYPES));
    }

    public CommandPipeline.Outcome<Order, OrderEvent> handle(
            String orderId, OrderCommand command, CommandContext context, ExpectedRevision expected) {
        return counted(pipeline.handle(orderId, command, context, expected), context);
    }

    /**
     * As {@link #handle}, for a caller who may act only on the orders of {@code customerId}: others' are not found, and
     * a missing one is not found before anything else is looked at (an If-Match must not tell the two apart).
     */
    public CommandPipeline.Outcome<Order, OrderEvent> handleFor(
            String customerId,
            String orderId,
            OrderCommand command,
            CommandContext context,
            ExpectedRevision expected) {
        boolean creates = command instanceof OrderCommand.CreateOrder;
        return counted(
                pipeline.handle(orderId, command, context, expected, order -> {
                    if (creates
                            ? order.owner()
                                    .filter(owner -> !owner.equals(customerId))
                                    .isPresent()
                            : order.owner().filter(customerId::equals).isEmpty()) {
                        throw new OrderRuleViolation(OrderRule.ORDER_NOT_FOUND, OrderDecider.NO_SUCH_ORDER);
                    }
                }),
                context);
    }

    private CommandPipeline.Outcome<Order, OrderEvent> counted(
            CommandPipeline.Outcome<Order, OrderEvent> outcome, CommandContext context) {
        metrics.appended(outcome, context);
        return outcome;
    }

    public CommandPipeline.Loaded<Order> current(String orderId) {
        return pipeline.load(orderId);
    }

    public List<CommandPipeline.Recorded<OrderEvent>> history(String orderId) {
        return pipeline.history(orderId);
    }

    /** The customer an order's history belongs to: the one it was created for. */
    public Optional<String> owner(List<CommandPipeline.Recorded<OrderEvent>> history) {
        return history.stream()
                .map(CommandPipeline.Recorded::event)
                .flatMap(event -> event instanceof OrderEvent.OrderCreated created
                        ? Stream.of(created.customerId())
                        : Stream.empty())
                .findFirst();
    }

    public Optional<CommandPipeline.Loaded<Order>> atRevision(String orderId, long revision) {
        return pipeline.replayWhile(orderId, event -> event.getRevision() <= revision)
                .filter(loaded -> loaded.revision() == revision);
    }

    public Optional<CommandPipeline.Loaded<Order>> at(String orderId, Instant moment) {
        return pipeline.replayWhile(orderId, event -> !event.getCreated().isAfter(moment))
                .filter(loaded -> loaded.revision() >= 0);
    }
}
