package dev.orderlog.platform.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.order.Money;
import dev.orderlog.order.Order;
import dev.orderlog.order.OrderCommand;
import dev.orderlog.order.OrderDecider;
import dev.orderlog.order.OrderEvent;
import io.kurrent.dbclient.DeleteStreamOptions;
import io.kurrent.dbclient.EventDataBuilder;
import io.kurrent.dbclient.ReadStreamOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Snapshots through the real client against the embedded server: interval, cap, and every fallback to replay. */
class SnapshotTest extends WithEmbeddedKurrentDb {
    private static final int EVERY = 5;
    private static final int KEEP = 2;
    private final ObjectMapper json = Replicas.JSON;
    private SimpleMeterRegistry metrics;
    private CommandPipeline<OrderCommand, Order, OrderEvent> pipeline;

    @BeforeEach
    void wire() {
        metrics = new SimpleMeterRegistry();
        pipeline = pipeline(1);
    }

    private CommandPipeline<OrderCommand, Order, OrderEvent> pipeline(int schemaVersion) {
        return Replicas.pipeline(
                client, OrderDecider.DECIDER, new Replicas.Tuning(schemaVersion, EVERY, KEEP, 10), metrics);
    }

    private static CommandContext context() {
        return CommandContext.correlated("corr")
                .causedBy(UUID.randomUUID().toString())
                .actedBy("test");
    }

    /** Creates an order and adds lines until its stream holds {@code events} events. */
    private String orderWithEvents(int events) {
        String id = UUID.randomUUID().toString();
        pipeline.handle(id, new OrderCommand.CreateOrder(id, "c", "EUR"), context(), ExpectedRevision.ANY);
        for (int i = 1; i < events; i++) {
            pipeline.handle(
                    id, new OrderCommand.AddLine("sku-" + i, i, new Money(10, "EUR")), context(), ExpectedRevision.ANY);
        }
        return id;
    }

    private List<Long> snapshotRevisions(String id) throws Exception {
        return client
                .readStream(
                        SnapshotStore.streamOf("order-" + id),
                        ReadStreamOptions.get().forwards().fromStart())
                .get()
                .getEvents()
                .stream()
                .map(e -> {
                    try {
                        return json.readTree(e.getOriginalEvent().getUserMetadata())
                                .get("sourceRevision")
                                .asLong();
                    } catch (java.io.IOException unreadable) {
                        throw new IllegalStateException(unreadable);
                    }
                })
                .toList();
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
        assertThat(client.getStreamMetadata(SnapshotStore.streamOf("order-" + id))
                        .get()
                        .getMaxCount())
                .isEqualTo((long) KEEP);
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
    void aSnapshotWhoseMetadataCarriesTraceIdsIsUsed() throws Exception {
        String id = orderWithEvents(7);
        String stream = SnapshotStore.streamOf("order-" + id);
        byte[] taken = client.readStream(
                        stream, ReadStreamOptions.get().fromEnd().backwards().maxCount(1))
                .get()
                .getEvents()
                .getFirst()
                .getOriginalEvent()
                .getEventData();
        // The client's own instrumentation adds these to an event's JSON metadata when a trace is under way.
        client.appendToStream(
                        stream,
                        EventDataBuilder.json(UUID.randomUUID(), "Snapshot", taken)
                                .metadataAsBytes(("{\"schemaVersion\":1,\"sourceRevision\":4,"
                                                + "\"$traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\","
                                                + "\"$spanId\":\"00f067aa0ba902b7\"}")
                                        .getBytes(StandardCharsets.UTF_8))
                                .build())
                .get();

        CommandPipeline.Loaded<Order> loaded = pipeline.load(id);

        assertThat(loaded.snapshotRevision()).isEqualTo(4);
        assertThat(loaded.state()).isEqualTo(replayed(id));
        assertThat(metrics.counter("orderlog.snapshots.fallbacks", "reason", "unreadable")
                        .count())
                .isZero();
    }

    @Test
    void anUnreadableSnapshotFallsBackToFullReplayAndIsCounted() throws Exception {
        String id = orderWithEvents(7);
        client.appendToStream(
                        SnapshotStore.streamOf("order-" + id),
                        EventDataBuilder.json(
                                        UUID.randomUUID(),
                                        "Snapshot",
                                        "{\"type\":\"Draft\",\"state\":{\"id\":42".getBytes(StandardCharsets.UTF_8))
                                .metadataAsBytes(
                                        "{\"schemaVersion\":1,\"sourceRevision\":6}".getBytes(StandardCharsets.UTF_8))
                                .build())
                .get();
        CommandPipeline.Loaded<Order> loaded = pipeline.load(id);
        assertThat(loaded.snapshotRevision()).isEqualTo(-1);
        assertThat(loaded.state()).isEqualTo(replayed(id));
        assertThat(metrics.counter("orderlog.snapshots.fallbacks", "reason", "unreadable")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aSnapshotOfAnotherSchemaVersionFallsBackToFullReplay() {
        String id = orderWithEvents(7);
        CommandPipeline.Loaded<Order> loaded = pipeline(2).load(id);
        assertThat(loaded.snapshotRevision()).isEqualTo(-1);
        assertThat(loaded.state()).isEqualTo(replayed(id));
        assertThat(metrics.counter("orderlog.snapshots.fallbacks", "reason", "schema")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aFailingSnapshotWriteNeverFailsTheCommand() throws Exception {
        String id = orderWithEvents(2);
        client.appendToStream(
                        SnapshotStore.streamOf("order-" + id),
                        EventDataBuilder.json("Placeholder", "{}".getBytes(StandardCharsets.UTF_8))
                                .build())
                .get();
        client.tombstoneStream(SnapshotStore.streamOf("order-" + id), DeleteStreamOptions.get())
                .get();
        for (int i = 0; i < 6; i++) {
            pipeline.handle(
                    id,
                    new OrderCommand.AddLine("late-" + i, 1, new Money(10, "EUR")),
                    context(),
                    ExpectedRevision.ANY);
        }
        assertThat(metrics.counter("orderlog.snapshots.failures").count()).isPositive();
        assertThat(((Order.Draft) pipeline.load(id).state()).lines()).hasSize(7);
    }

    @Test
    void theDecidedStateMatchesTheDeciderFold() {
        String id = orderWithEvents(6);
        Order viaDecider = OrderDecider.fold(
                OrderDecider.initial(),
                pipeline.history(id).stream()
                        .map(CommandPipeline.Recorded::event)
                        .toList());
        assertThat(pipeline.load(id).state()).isEqualTo(viaDecider);
    }
}
