package dev.orderlog.devservices.kurrentdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kurrent.dbclient.CreatePersistentSubscriptionToStreamOptions;
import io.kurrent.dbclient.DeleteStreamOptions;
import io.kurrent.dbclient.EventData;
import io.kurrent.dbclient.EventDataBuilder;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.KurrentDBPersistentSubscriptionsClient;
import io.kurrent.dbclient.PersistentSubscription;
import io.kurrent.dbclient.ReadStreamOptions;
import io.kurrent.dbclient.RecordedEvent;
import io.kurrent.dbclient.ResolvedEvent;
import io.kurrent.dbclient.StreamNotFoundException;
import io.kurrent.dbclient.SubscribeToStreamOptions;
import io.kurrent.dbclient.Subscription;
import io.kurrent.dbclient.SubscriptionListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The standard system projections, switched on as {@code StartStandardProjections} does: {@code $ce-}, {@code $et-},
 * {@code $streams} and {@code $category-}, read and subscribed to with {@code resolveLinkTos} through the official client.
 */
class SystemProjectionsConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedKurrentDb server;
    private static KurrentDBClient client;

    @BeforeAll
    static void start() throws Exception {
        server = EmbeddedKurrentDb.start(
                EmbeddedKurrentDb.Options.defaults().with(EmbeddedKurrentDb.Feature.STANDARD_PROJECTIONS));
        client = EmbeddedServerTest.connect(server.connectionString());
    }

    @AfterAll
    static void stop() throws Exception {
        client.shutdown().get(10, TimeUnit.SECONDS);
        server.close();
    }

    /** A category of its own per test: letters only, so the stream name's first "-" ends it. */
    private static String category() {
        return "cat" + UUID.randomUUID().toString().replace("-", "");
    }

    private static EventData event(String type, String correlationId) {
        return EventDataBuilder.json(type, "{}".getBytes(StandardCharsets.UTF_8))
                .metadataAsBytes(("{\"$correlationId\":\"" + correlationId + "\"}").getBytes(StandardCharsets.UTF_8))
                .build();
    }

    private static List<ResolvedEvent> read(String stream, boolean resolve) throws Exception {
        try {
            ReadStreamOptions options = ReadStreamOptions.get().forwards().fromStart();
            return client.readStream(stream, resolve ? options.resolveLinkTos() : options.notResolveLinkTos())
                    .get(10, TimeUnit.SECONDS)
                    .getEvents();
        } catch (ExecutionException notFound) {
            return List.of();
        }
    }

    private static List<ResolvedEvent> awaitRead(String stream, int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> read(stream, true).size() >= count);
        try {
            return read(stream, true);
        } catch (Exception failed) {
            throw new IllegalStateException(failed);
        }
    }

    @Test
    void byCategoryLinksEveryEventOfTheCategoryAndAReadWithResolveLinkTosReturnsTheEvents() throws Exception {
        String category = category();
        String first = category + "-1";
        String second = category + "-2";
        client.appendToStream(first, event("Placed", "corr-1"), event("Paid", "corr-1"))
                .get();
        client.appendToStream(second, event("Placed", "corr-2")).get();
        client.appendToStream("other" + category + "-1", event("Placed", "corr-3"))
                .get();

        List<ResolvedEvent> linked = awaitRead("$ce-" + category, 3);
        assertThat(linked)
                .extracting(e -> e.getEvent().getStreamId() + "/" + e.getEvent().getRevision() + "/"
                        + e.getEvent().getEventType())
                .containsExactly(first + "/0/Placed", first + "/1/Paid", second + "/0/Placed");
        RecordedEvent link = linked.getFirst().getLink();
        assertThat(link.getStreamId()).isEqualTo("$ce-" + category);
        assertThat(link.getEventType()).isEqualTo("$>");
        assertThat(new String(link.getEventData(), StandardCharsets.UTF_8)).isEqualTo("0@" + first);
        JsonNode metadata = JSON.readTree(link.getUserMetadata());
        assertThat(metadata.path("$v").asText()).isEqualTo("3:-1:1:4");
        assertThat(metadata.path("$o").asText()).isEqualTo(first);
        assertThat(metadata.path("$causedBy").asText())
                .isEqualTo(linked.getFirst().getEvent().getEventId().toString());
        assertThat(metadata.path("$correlationId").asText()).isEqualTo("corr-1");
        assertThat(metadata.path("$c").asLong())
                .isEqualTo(linked.getFirst().getEvent().getPosition().getCommitUnsigned());
        // Without resolving, the links themselves.
        assertThat(read("$ce-" + category, false))
                .extracting(e -> e.getEvent().getEventType())
                .containsOnly("$>");
    }

    @Test
    void byEventTypeStreamsAndStreamByCategoryIndexAsTheServerDoes() throws Exception {
        String category = category();
        String type = "Type" + UUID.randomUUID().toString().replace("-", "");
        String stream = category + "-1";
        client.appendToStream(stream, event(type, "c"), event(type, "c")).get();

        assertThat(awaitRead("$et-" + type, 2))
                .extracting(e -> e.getEvent().getStreamId() + "/" + e.getEvent().getRevision())
                .containsExactly(stream + "/0", stream + "/1");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> read("$streams", false).stream()
                        .anyMatch(e ->
                                new String(e.getEvent().getEventData(), StandardCharsets.UTF_8).equals("0@" + stream)));
        List<ResolvedEvent> references = awaitRead("$category-" + category, 1);
        assertThat(references).singleElement().satisfies(reference -> {
            assertThat(reference.getEvent().getEventType()).isEqualTo("$@");
            assertThat(new String(reference.getEvent().getEventData(), StandardCharsets.UTF_8))
                    .isEqualTo(stream);
        });
    }

    @Test
    void byCorrelationIdLinksEachEventCarryingOneIntoItsCorrelationsStream() throws Exception {
        String category = category();
        String correlation = "corr-" + UUID.randomUUID();
        client.appendToStream(category + "-1", event("Placed", correlation)).get();
        client.appendToStream(category + "-2", event("Reserved", correlation), event("Other", "another-" + correlation))
                .get();

        assertThat(awaitRead("$bc-" + correlation, 2))
                .extracting(e -> e.getEvent().getStreamId() + "/" + e.getEvent().getEventType())
                .containsExactly(category + "-1/Placed", category + "-2/Reserved");
    }

    @Test
    void aDeletedStreamShowsInItsCategoryAndInEtDeletedAsDeleted() throws Exception {
        String category = category();
        String stream = category + "-1";
        client.appendToStream(stream, event("Placed", "c")).get();
        client.deleteStream(stream, DeleteStreamOptions.get()).get();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> read("$ce-" + category, false).size() == 2);
        RecordedEvent deletion = read("$ce-" + category, false).getLast().getEvent();
        JsonNode metadata = JSON.readTree(deletion.getUserMetadata());
        assertThat(metadata.path("$deleted").asInt()).isEqualTo(-1);
        assertThat(metadata.path("$o").asText()).isEqualTo(stream);
        assertThat(new String(deletion.getEventData(), StandardCharsets.UTF_8)).endsWith("@$$" + stream);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> read("$et-$deleted", false).stream()
                        .anyMatch(e -> new String(e.getEvent().getEventData(), StandardCharsets.UTF_8)
                                .endsWith("@" + stream)));
        // The deleted stream's events are gone, so reading the category resolving links gives the links whose targets
        // are gone.
        assertThat(read("$ce-" + category, true).getFirst().getEvent()).isNull();
    }

    @Test
    void catchUpAndPersistentSubscriptionsToACategoryDeliverTheLinkedEventsAndCheckpointOnTheLinks() throws Exception {
        String category = category();
        for (int i = 1; i <= 3; i++) {
            client.appendToStream(category + "-" + i, event("Placed", "c")).get();
        }
        List<ResolvedEvent> caughtUp = new CopyOnWriteArrayList<>();
        Subscription subscription = client.subscribeToStream(
                        "$ce-" + category,
                        new SubscriptionListener() {
                            @Override
                            public void onEvent(Subscription subscription, ResolvedEvent event) {
                                caughtUp.add(event);
                            }
                        },
                        SubscribeToStreamOptions.get().fromStart().resolveLinkTos())
                .get();
        await().atMost(Duration.ofSeconds(10)).until(() -> caughtUp.size() == 3);
        subscription.stop();
        assertThat(caughtUp)
                .extracting(e -> e.getEvent().getStreamId())
                .containsExactly(category + "-1", category + "-2", category + "-3");
        assertThat(caughtUp)
                .allSatisfy(e -> assertThat(e.getLink().getStreamId()).isEqualTo("$ce-" + category));

        KurrentDBPersistentSubscriptionsClient persistent = KurrentDBPersistentSubscriptionsClient.from(client);
        String group = "by-category";
        persistent
                .createToStream(
                        "$ce-" + category,
                        group,
                        CreatePersistentSubscriptionToStreamOptions.get()
                                .fromStart()
                                .resolveLinkTos()
                                .checkpointLowerBound(1)
                                .checkpointAfterInMs(100))
                .get();
        PersistentRecorder recorder = PersistentRecorder.acking();
        PersistentSubscription consumer =
                persistent.subscribeToStream("$ce-" + category, group, recorder).get();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> recorder.deliveries.size() == 3);
            assertThat(recorder.deliveries)
                    .extracting(PersistentRecorder.Delivery::stream)
                    .containsExactly(category + "-1", category + "-2", category + "-3");
            assertThat(recorder.deliveries).allMatch(PersistentRecorder.Delivery::viaLink);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> persistent
                                    .getInfoToStream("$ce-" + category, group)
                                    .get()
                                    .orElseThrow()
                                    .getStats()
                                    .getLastCheckpointedEventRevision()
                                    .orElse(-1L)
                            == 2L);
        } finally {
            consumer.stop();
        }
    }

    @Test
    void withoutTheOptionNoProjectionRuns() throws Exception {
        try (EmbeddedKurrentDb plain = EmbeddedKurrentDb.start(EmbeddedKurrentDb.Options.defaults())) {
            KurrentDBClient plainClient = EmbeddedServerTest.connect(plain.connectionString());
            try {
                String category = category();
                plainClient
                        .appendToStream(category + "-1", event("Placed", "c"))
                        .get();
                Thread.sleep(500);
                ExecutionException missing = assertThrows(
                        ExecutionException.class,
                        () -> plainClient
                                .readStream("$ce-" + category, ReadStreamOptions.get())
                                .get());
                assertThat(missing.getCause()).isInstanceOf(StreamNotFoundException.class);
            } finally {
                plainClient.shutdown().get(10, TimeUnit.SECONDS);
            }
        }
    }
}
