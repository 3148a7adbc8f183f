package dev.orderlog.platform.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.order.Order;
import dev.orderlog.order.OrderCommand;
import dev.orderlog.order.OrderEvent;
import dev.orderlog.order.Orders;
import dev.orderlog.platform.tracing.EventTracing;
import io.kurrent.dbclient.KurrentDBClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;

/** Order pipelines as separate replicas would run them: each with its own memory and locks, on one KurrentDB. */
final class Replicas {
    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    /** How a pipeline snapshots and looks for earlier requests. */
    record Tuning(int snapshotSchemaVersion, int snapshotEvery, int snapshotKeep, int idempotencyWindow) {}

    private Replicas() {}

    /** A replica that snapshots after every append, so a snapshot of a state that was not stored would show. */
    static CommandPipeline<OrderCommand, Order, OrderEvent> replica(
            KurrentDBClient client, Decider<OrderCommand, Order, OrderEvent> decider) {
        return pipeline(client, decider, new Tuning(1, 1, 5, 100), new SimpleMeterRegistry());
    }

    /** Snapshots are written inline (in the background in the service), so tests see them at once. */
    static CommandPipeline<OrderCommand, Order, OrderEvent> pipeline(
            KurrentDBClient client,
            Decider<OrderCommand, Order, OrderEvent> decider,
            Tuning tuning,
            MeterRegistry metrics) {
        SnapshotSettings snapshotSettings = new SnapshotSettings() {
            @Override
            public int every() {
                return tuning.snapshotEvery();
            }

            @Override
            public int keep() {
                return tuning.snapshotKeep();
            }
        };
        CommandSettings commands = new CommandSettings() {
            @Override
            public int maxRetries() {
                return 3;
            }

            @Override
            public int idempotencyWindow() {
                return tuning.idempotencyWindow();
            }

            @Override
            public int cachedStreams() {
                return 100;
            }

            @Override
            public Duration turnTimeout() {
                return Duration.ofSeconds(10);
            }
        };
        SnapshotStore<Order> snapshots = new SnapshotStore<>(
                client, JSON, Order.class, tuning.snapshotSchemaVersion(), snapshotSettings, metrics, Runnable::run);
        return new CommandPipeline<>(
                client,
                decider,
                new EventCodec<>(JSON, Orders.EVENT_TYPES),
                snapshots,
                commands,
                metrics,
                EventTracing.off(),
                Orders.STREAMS);
    }

    static CommandContext unkeyed() {
        return CommandContext.correlated("corr")
                .causedBy(UUID.randomUUID().toString())
                .actedBy("test");
    }

    static CommandContext keyed(String key, OrderCommand command) {
        return CommandContext.correlated("corr")
                .causedBy(UUID.randomUUID().toString())
                .actedBy("test")
                .keyedBy(key, Integer.toHexString(command.toString().hashCode()));
    }
}
