package dev.orderlog.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.devservices.kurrentdb.EmbeddedKurrentDb;
import dev.orderlog.order.Money;
import dev.orderlog.order.Order;
import dev.orderlog.order.OrderCommand;
import dev.orderlog.order.OrderDecider;
import dev.orderlog.order.OrderEvent;
import dev.orderlog.order.OrderEventTypes;
import dev.orderlog.platform.command.CommandContext;
import dev.orderlog.platform.command.CommandPipeline;
import dev.orderlog.platform.command.CommandSettings;
import dev.orderlog.platform.command.EventCodec;
import dev.orderlog.platform.command.SnapshotSettings;
import dev.orderlog.platform.command.SnapshotStore;
import io.kurrent.dbclient.EventData;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.KurrentDBConnectionString;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Time to load an order (snapshot + tail, then fold) with 10, 1 000 and 10 000 events, with and without a snapshot,
 * through the real client against the embedded server. The baseline is the 10-event order without a snapshot.
 */
public final class OrderLoadBenchmark {
    private static final int[] SIZES = {10, 1_000, 10_000};
    private static final int SNAPSHOT_LAG = 5;

    public static void main(String[] args) throws Exception {
        try (EmbeddedKurrentDb server = EmbeddedKurrentDb.start(EmbeddedKurrentDb.Options.defaults())) {
            KurrentDBClient client = KurrentDBClient.create(KurrentDBConnectionString.parseOrThrow(server.connectionString()));
            ObjectMapper json = new ObjectMapper().findAndRegisterModules();
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            SnapshotSettings settings = new SnapshotSettings() {
                public int every() {
                    return 1;
                }

                public int keep() {
                    return 3;
                }
            };
            CommandSettings commands = new CommandSettings() {
                public int maxRetries() {
                    return 0;
                }

                public int idempotencyWindow() {
                    return 1;
                }
            };
            SnapshotStore<Order> snapshots = new SnapshotStore<>(client, json, Order.class, 1, settings, metrics, Runnable::run);
            EventCodec<OrderEvent> codec = new EventCodec<>(json, OrderEventTypes.all());
            CommandPipeline<OrderCommand, Order, OrderEvent> pipeline =
                    new CommandPipeline<>(client, OrderDecider.DECIDER, codec, snapshots, commands, metrics, "order-");

            double baseline = 0;
            System.out.printf("%-40s %12s %10s%n", "load", "mean ms", "ratio");
            for (int size : SIZES) {
                String plain = build(client, codec, pipeline, size);
                String snapshotted = build(client, codec, pipeline, size);
                // A snapshot a few events behind the end, as the service leaves it between snapshot intervals.
                CommandPipeline.Loaded<Order> upToSnapshot = pipeline.replayWhile(snapshotted, e -> e.getRevision() <= size - 1 - SNAPSHOT_LAG).orElseThrow();
                snapshots.takeIfDue("order-" + snapshotted, upToSnapshot.state(), upToSnapshot.revision(), Long.MIN_VALUE / 2);

                double withoutSnapshot = meanLoadMillis(pipeline, plain, size);
                double withSnapshot = meanLoadMillis(pipeline, snapshotted, size);
                if (baseline == 0) {
                    baseline = withoutSnapshot;
                }
                System.out.printf("%-40s %12.3f %9.2fx%n", size + " events, no snapshot" + (size == SIZES[0] ? " (baseline)" : ""), withoutSnapshot, withoutSnapshot / baseline);
                System.out.printf("%-40s %12.3f %9.2fx%n", size + " events, snapshot " + SNAPSHOT_LAG + " behind", withSnapshot, withSnapshot / baseline);
            }
            client.shutdown().get();
        }
    }

    /** An order whose stream holds exactly {@code size} events: created, one line, then quantity changes. */
    private static String build(KurrentDBClient client, EventCodec<OrderEvent> codec, CommandPipeline<OrderCommand, Order, OrderEvent> pipeline, int size) throws Exception {
        String id = UUID.randomUUID().toString();
        CommandContext context = new CommandContext("bench", "bench", "bench", Optional.empty(), "", Instant.now());
        pipeline.handle(id, new OrderCommand.CreateOrder(id, "c", "EUR"), context, OptionalLong.empty());
        pipeline.handle(id, new OrderCommand.AddLine("sku", 1, new Money(100, "EUR")), context, OptionalLong.empty());
        List<EventData> batch = new ArrayList<>();
        for (int i = 2; i < size; i++) {
            batch.add(codec.encode(new OrderEvent.LineQuantityChanged("sku", i), UUID.randomUUID(), context));
            if (batch.size() == 500 || i == size - 1) {
                client.appendToStream("order-" + id, batch.iterator()).get();
                batch.clear();
            }
        }
        return id;
    }

    private static double meanLoadMillis(CommandPipeline<OrderCommand, Order, OrderEvent> pipeline, String id, int size) {
        int rounds = Math.max(20, 20_000 / size);
        for (int i = 0; i < rounds; i++) {
            check(pipeline.load("order-" + id), size);
        }
        long started = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            check(pipeline.load("order-" + id), size);
        }
        return (System.nanoTime() - started) / 1e6 / rounds;
    }

    private static void check(CommandPipeline.Loaded<Order> loaded, int size) {
        if (loaded.revision() != size - 1) {
            throw new IllegalStateException("loaded revision " + loaded.revision() + ", expected " + (size - 1));
        }
    }
}
