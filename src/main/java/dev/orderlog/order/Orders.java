package dev.orderlog.order;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.eventstore.CommandContext;
import dev.orderlog.eventstore.CommandPipeline;
import dev.orderlog.eventstore.CommandSettings;
import dev.orderlog.eventstore.EventCodec;
import dev.orderlog.eventstore.SnapshotSettings;
import dev.orderlog.eventstore.SnapshotStore;
import io.kurrent.dbclient.KurrentDBClient;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The order aggregate wired to KurrentDB: streams {@code order-<id>}, snapshots in {@code snapshot-order-<id>}. */
@ApplicationScoped
public class Orders {
    public static final String STREAM_PREFIX = "order-";
    /** Bump when the shape of {@link Order} changes: older snapshots are then ignored and streams replayed. */
    public static final int SNAPSHOT_SCHEMA_VERSION = 1;

    private final ExecutorService snapshotWriter = Executors.newVirtualThreadPerTaskExecutor();
    private final CommandPipeline<OrderCommand, Order, OrderEvent> pipeline;

    public Orders(KurrentDBClient client, ObjectMapper json, CommandSettings commands, SnapshotSettings snapshotSettings, MeterRegistry metrics) {
        SnapshotStore<Order> snapshots = new SnapshotStore<>(client, json, Order.class, SNAPSHOT_SCHEMA_VERSION, snapshotSettings, metrics, snapshotWriter);
        this.pipeline = new CommandPipeline<>(client, OrderDecider.DECIDER, new EventCodec<>(json, OrderEventTypes.all()), snapshots, commands, metrics, STREAM_PREFIX);
    }

    public CommandPipeline.Outcome<Order, OrderEvent> handle(String orderId, OrderCommand command, CommandContext context, OptionalLong ifMatch) {
        return pipeline.handle(orderId, command, context, ifMatch);
    }

    public CommandPipeline.Loaded<Order> current(String orderId) {
        return pipeline.load(pipeline.streamOf(orderId));
    }

    public List<CommandPipeline.HistoryEntry<OrderEvent>> history(String orderId) {
        return pipeline.history(orderId);
    }

    public Optional<CommandPipeline.Loaded<Order>> atRevision(String orderId, long revision) {
        return pipeline.replayWhile(orderId, event -> event.getRevision() <= revision)
                .filter(loaded -> loaded.revision() == revision);
    }

    public Optional<CommandPipeline.Loaded<Order>> at(String orderId, Instant moment) {
        return pipeline.replayWhile(orderId, event -> !event.getCreated().isAfter(moment))
                .filter(loaded -> loaded.revision() >= 0);
    }

    @PreDestroy
    void stop() {
        snapshotWriter.close();
    }
}
