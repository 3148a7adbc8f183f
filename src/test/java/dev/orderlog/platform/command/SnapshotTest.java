package dev.orderlog.platform.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.devservices.kurrentdb.EmbeddedKurrentDb;
import dev.orderlog.order.Money;
import dev.orderlog.order.Order;
import dev.orderlog.order.OrderCommand;
import dev.orderlog.order.OrderDecider;
import dev.orderlog.order.OrderEvent;
import dev.orderlog.order.OrderEventTypes;
import dev.orderlog.order.Orders;
import io.kurrent.dbclient.DeleteStreamOptions;
import io.kurrent.dbclient.EventDataBuilder;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.KurrentDBConnectionString;
import io.kurrent.dbclient.ReadStreamOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Snapshots through the real client against the embedded server: interval, cap, and every fallback to replay. */
class SnapshotTest {
    private static final int EVERY = 5;
    private static final int KEEP = 2;
    private static EmbeddedKurrentDb server;
    private static KurrentDBClient client;
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    private SimpleMeterRegistry metrics;
    private CommandPipeline<OrderCommand, Order, OrderEvent> pipeline;

    @BeforeAll
    static void start() throws Exception {
        server = EmbeddedKurrentDb.start(EmbeddedKurrentDb.Options.defaults());
        client = KurrentDBClient.create(KurrentDBConnectionString.parseOrThrow(server.connectionString()));
    }

    @AfterAll
    static void stop() throws Exception {
        client.shutdown().get();
        server.close();
    }

    @BeforeEach
    void wire() {
        metrics = new SimpleMeterRegistry();
        pipeline = pipeline(1);
    }

    private CommandPipeline<OrderCommand, Order, OrderEvent> pipeline(int schemaVersion) {
        SnapshotSettings settings = new SnapshotSettings() {
            @Override
            public int every() {
                return EVERY;
            }

            @Override
            public int keep() {
                return KEEP;
            }
        };
        CommandSettings commands = new CommandSettings() {
            @Override
            public int maxRetries() {
                return 3;
            }

            @Override
            public int idempotencyWindow() {
                return 10;
            }

            @Override
            public int cachedStreams() {
                return 100;
            }
        };
        // Snapshots are written in the background in the service; running them inline makes these tests deterministic.
        SnapshotStore<Order> snapshots = new SnapshotStore<>(client, json, Order.class, schemaVersion, settings, metrics, Runnable::run);
        return new CommandPipeline<>(client, OrderDecider.DECIDER, new EventCodec<>(json, OrderEventTypes.all()), snapshots, commands, metrics, Orders.STREAMS);
    }

    private static CommandContext context() {
        return new CommandContext("corr", UUID.randomUUID().toString(), "test", Optional.empty(), "", Instant.now());
    }

    /** Creates an order and adds lines until its stream holds {@code events} events. */
    private String orderWithEvents(int events) {
        String id = UUID.randomUUID().toString();
        pipeline.handle(id, new OrderCommand.CreateOrder(id, "c", "EUR"), context(), OptionalLong.empty());
        for (int i = 1; i < events; i++) {
            pipeline.handle(id, new OrderCommand.AddLine("sku-" + i, i, new Money(10, "EUR")), context(), OptionalLong.empty());
        }
        return id;
    }

    private List<Long> snapshotRevisions(String id) throws Exception {
        return client.readStream(SnapshotStore.streamOf("order-" + id), ReadStreamOptions.get().forwards().fromStart()).get().getEvents().stream()
                .map(e -> {
                    try {
                        return json.readTree(e.getOriginalEvent().getUserMetadata()).get("sourceRevision").asLong();
                    } catch (java.io.IOException unreadable) {
                        throw new IllegalStateException(unreadable);
                    }
                }).toList();
    }

    private Order replayed(String id) {
        return pipeline.replayWhile(id, event -> true).orElseThrow().state();
    }

    @Test
    void aSnapshotIsTakenOnceEveryNEvents() throws Exception {
        String id = orderWithEvents(12);
        assertThat(snapshotRevisions(id)).containsExactly(4L, 9L);
        assertThat(metrics.counter("orderlog.snapshots.taken").count()).isEqualTo(2);
    }

    @Test
    void theSnapshotStreamIsCappedByMaxCountAndReadsHonourIt() throws Exception {
        String id = orderWithEvents(25);
        assertThat(snapshotRevisions(id)).containsExactly(19L, 24L);
        assertThat(client.getStreamMetadata(SnapshotStore.streamOf("order-" + id)).get().getMaxCount()).isEqualTo((long) KEEP);
    }

    @Test
    void loadingUsesTheNewestSnapshotPlusTheEventsAfterIt() {
        String id = orderWithEvents(12);
        CommandPipeline.Loaded<Order> loaded = pipeline.load(id);
        assertThat(loaded.snapshotRevision()).isEqualTo(9);
        assertThat(loaded.revision()).isEqualTo(11);
        assertThat(loaded.state()).isEqualTo(replayed(id));
        assertThat(((Order.Draft) loaded.state()).lines()).hasSize(11);
    }

    @Test
    void aYoungStreamWithoutSnapshotIsReplayedWhole() {
        String id = orderWithEvents(3);
        CommandPipeline.Loaded<Order> loaded = pipeline.load(id);
        assertThat(loaded.snapshotRevision()).isEqualTo(-1);
        assertThat(loaded.state()).isEqualTo(replayed(id));
        assertThat(metrics.counter("orderlog.snapshots.misses").count()).isPositive();
    }

    @Test
    void anUnreadableSnapshotFallsBackToFullReplayAndIsCounted() throws Exception {
        String id = orderWithEvents(7);
        client.appendToStream(SnapshotStore.streamOf("order-" + id),
                EventDataBuilder.json(UUID.randomUUID(), "Snapshot", "{\"type\":\"Draft\",\"state\":{\"id\":42".getBytes(StandardCharsets.UTF_8))
                        .metadataAsBytes("{\"schemaVersion\":1,\"sourceRevision\":6}".getBytes(StandardCharsets.UTF_8)).build()).get();
        CommandPipeline.Loaded<Order> loaded = pipeline.load(id);
        assertThat(loaded.snapshotRevision()).isEqualTo(-1);
        assertThat(loaded.state()).isEqualTo(replayed(id));
        assertThat(metrics.counter("orderlog.snapshots.fallbacks", "reason", "unreadable").count()).isEqualTo(1);
    }

    @Test
    void aSnapshotOfAnotherSchemaVersionFallsBackToFullReplay() {
        String id = orderWithEvents(7);
        CommandPipeline.Loaded<Order> loaded = pipeline(2).load(id);
        assertThat(loaded.snapshotRevision()).isEqualTo(-1);
        assertThat(loaded.state()).isEqualTo(replayed(id));
        assertThat(metrics.counter("orderlog.snapshots.fallbacks", "reason", "schema").count()).isEqualTo(1);
    }

    @Test
    void aFailingSnapshotWriteNeverFailsTheCommand() throws Exception {
        String id = orderWithEvents(2);
        client.appendToStream(SnapshotStore.streamOf("order-" + id), EventDataBuilder.json("Placeholder", "{}".getBytes(StandardCharsets.UTF_8)).build()).get();
        client.tombstoneStream(SnapshotStore.streamOf("order-" + id), DeleteStreamOptions.get()).get();
        for (int i = 0; i < 6; i++) {
            pipeline.handle(id, new OrderCommand.AddLine("late-" + i, 1, new Money(10, "EUR")), context(), OptionalLong.empty());
        }
        assertThat(metrics.counter("orderlog.snapshots.failures").count()).isPositive();
        assertThat(((Order.Draft) pipeline.load(id).state()).lines()).hasSize(7);
    }

    @Test
    void theDecidedStateMatchesTheDeciderFold() {
        String id = orderWithEvents(6);
        Order viaDecider = OrderDecider.fold(OrderDecider.initial(),
                pipeline.history(id).stream().map(CommandPipeline.Recorded::event).toList());
        assertThat(pipeline.load(id).state()).isEqualTo(viaDecider);
    }
}
