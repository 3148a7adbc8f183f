package dev.orderlog.devservices.kurrentdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.kurrent.dbclient.EventDataBuilder;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.KurrentDBProjectionManagementClient;
import io.kurrent.dbclient.ProjectionDetails;
import io.kurrent.dbclient.ReadStreamOptions;
import io.kurrent.dbclient.ResolvedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Managing the standard projections over the Projections gRPC service, through the official client, as KurrentDB
 * answers (Projections.Core: ProjectionManager, ManagedProjection, Services/Grpc/ProjectionManagement.*). A fresh
 * server per test, without {@code --start-standard-projections}: they exist, stopped, until enabled.
 */
class ProjectionManagementConformanceTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final List<String> STANDARD =
            List.of("$streams", "$stream_by_category", "$by_category", "$by_event_type", "$by_correlation_id");
    private static final ObjectMapper JSON = new ObjectMapper();

    private EmbeddedKurrentDb server;
    private KurrentDBClient client;
    private KurrentDBProjectionManagementClient projections;

    @BeforeEach
    void start() throws Exception {
        server = EmbeddedKurrentDb.start(EmbeddedKurrentDb.Options.defaults());
        client = EmbeddedServerTest.connect(server.connectionString());
        projections = KurrentDBProjectionManagementClient.from(client);
    }

    @AfterEach
    void stop() throws Exception {
        client.shutdown().get(10, TimeUnit.SECONDS);
        server.close();
    }

    @Test
    void withoutStartStandardProjectionsTheFiveExistStopped() throws Exception {
        List<ProjectionDetails> listed = result(projections.list());

        assertThat(listed).extracting(ProjectionDetails::getName).containsExactlyInAnyOrderElementsOf(STANDARD);
        assertThat(listed).allSatisfy(projection -> {
            assertThat(projection.getStatus()).isEqualTo("Stopped");
            assertThat(projection.getMode()).isEqualTo("Continuous");
            assertThat(projection.getEffectiveName()).isEqualTo(projection.getName());
            assertThat(projection.getPosition()).isEqualTo("C:0/P:-1");
            assertThat(projection.getProgress()).isEqualTo(-1f);
            assertThat(projection.getEpoch()).isEqualTo(-1);
            assertThat(projection.getVersion()).isZero();
        });
    }

    @Test
    void withStartStandardProjectionsTheFiveRun() throws Exception {
        try (EmbeddedKurrentDb started = EmbeddedKurrentDb.start(
                EmbeddedKurrentDb.Options.defaults().with(EmbeddedKurrentDb.Feature.STANDARD_PROJECTIONS))) {
            KurrentDBClient other = EmbeddedServerTest.connect(started.connectionString());
            try {
                List<ProjectionDetails> listed =
                        result(KurrentDBProjectionManagementClient.from(other).list());
                assertThat(listed).extracting(ProjectionDetails::getStatus).containsOnly("Running");
                assertThat(listed).extracting(ProjectionDetails::getVersion).containsOnly(1L);
            } finally {
                other.shutdown().get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void anEnabledProjectionRunsOverWhatIsAlreadyWrittenAndTheOthersStayStopped() throws Exception {
        String category = category();
        append(category + "-1", "Placed");
        append(category + "-2", "Placed");

        result(projections.enable("$by_category"));

        await().atMost(WAIT).until(() -> linked("$ce-" + category).size() == 2);
        ProjectionDetails running = result(projections.getStatistics("$by_category"));
        assertThat(running.getStatus()).isEqualTo("Running");
        assertThat(running.getVersion()).isEqualTo(1);
        assertThat(running.getEventsProcessedAfterRestart()).isPositive();
        await().atMost(WAIT)
                .until(() -> result(projections.getStatistics("$by_category")).getProgress() == 100f);
        assertThat(result(projections.getStatistics("$by_category")).getPosition())
                .matches("C:\\d+/P:\\d+");
        assertThat(result(projections.getStatistics("$by_event_type")).getStatus())
                .isEqualTo("Stopped");
        assertThat(linked("$et-Placed")).isEmpty();
    }

    @Test
    void aDisabledProjectionTakesNothingUntilEnabledAgainThenCatchesUpOnce() throws Exception {
        String category = category();
        result(projections.enable("$by_category"));
        append(category + "-1", "Placed");
        await().atMost(WAIT).until(() -> linked("$ce-" + category).size() == 1);

        result(projections.disable("$by_category"));
        assertThat(result(projections.getStatistics("$by_category")).getStatus())
                .isEqualTo("Stopped");
        append(category + "-1", "Paid");
        Thread.sleep(300);
        assertThat(linked("$ce-" + category)).hasSize(1);

        result(projections.enable("$by_category"));
        await().atMost(WAIT).until(() -> linked("$ce-" + category).size() == 2);
        Thread.sleep(300);
        assertThat(linked("$ce-" + category))
                .extracting(event -> event.getEvent().getEventType())
                .containsExactly("Placed", "Paid");
    }

    @Test
    void anAbortedProjectionReadsAbortedAndStopped() throws Exception {
        result(projections.enable("$streams"));
        result(projections.abort("$streams"));

        assertThat(result(projections.getStatistics("$streams")).getStatus()).isEqualTo("Aborted/Stopped");
    }

    @Test
    void aResetProjectionEmitsAfreshInANewEpochWithWhatItEmittedBeforeHidden() throws Exception {
        String category = category();
        result(projections.enable("$by_category"));
        append(category + "-1", "Placed");
        append(category + "-1", "Paid");
        await().atMost(WAIT).until(() -> linked("$ce-" + category).size() == 2);

        result(projections.reset("$by_category"));

        ProjectionDetails reset = result(projections.getStatistics("$by_category"));
        assertThat(reset.getStatus()).isEqualTo("Running");
        assertThat(reset.getEpoch()).isEqualTo(reset.getVersion()).isEqualTo(2);
        await().atMost(WAIT)
                .until(() -> linked("$ce-" + category).stream()
                        .allMatch(event -> event.getLink().getRevision() >= 2));
        List<ResolvedEvent> afresh =
                await().atMost(WAIT).until(() -> linked("$ce-" + category), events -> events.size() == 2);
        assertThat(afresh).extracting(event -> event.getEvent().getEventType()).containsExactly("Placed", "Paid");
        assertThat(afresh).extracting(event -> event.getLink().getRevision()).containsExactly(2L, 3L);
        assertThat(JSON.readTree(afresh.get(0).getLink().getUserMetadata())
                        .path("$v")
                        .asText())
                .isEqualTo("3:2:2:4");
    }

    @Test
    void aStandardProjectionsStateAndResultAreAnEmptyObject() throws Exception {
        result(projections.enable("$streams"));

        assertThat(result(projections.getState("$streams", Map.class))).isEmpty();
        assertThat(result(projections.getResult("$by_category", Map.class))).isEmpty();
    }

    @Test
    void anUnknownProjectionIsNotFound() throws Exception {
        for (CompletableFuture<?> call : List.of(
                projections.enable("nope"),
                projections.disable("nope"),
                projections.reset("nope"),
                projections.getStatistics("nope"),
                projections.getState("nope", Map.class))) {
            StatusRuntimeException failure = failure(call);
            assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(failure.getStatus().getDescription()).isEqualTo("Projection 'nope' not found");
        }
    }

    @Test
    void userDefinedProjectionsAreNotServedAndSaySo() throws Exception {
        StatusRuntimeException failure = failure(projections.create("counter", "fromAll().when({})"));

        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
        assertThat(failure.getStatus().getDescription()).contains("standard projections only");
        assertThat(failure(projections.update("$streams", "fromAll()"))
                        .getStatus()
                        .getCode())
                .isEqualTo(Status.Code.UNIMPLEMENTED);
    }

    @Test
    void aStandardProjectionCannotBeDeleted() throws Exception {
        StatusRuntimeException failure = failure(projections.delete("$streams"));

        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN);
        assertThat(result(projections.list()))
                .extracting(ProjectionDetails::getName)
                .contains("$streams");
    }

    private static String category() {
        return "cat" + UUID.randomUUID().toString().replace("-", "");
    }

    private void append(String stream, String type) throws Exception {
        result(client.appendToStream(
                stream,
                EventDataBuilder.json(type, "{}".getBytes(StandardCharsets.UTF_8))
                        .build()));
    }

    private List<ResolvedEvent> linked(String stream) throws Exception {
        try {
            return client.readStream(stream, ReadStreamOptions.get().fromStart().resolveLinkTos())
                    .get(10, TimeUnit.SECONDS)
                    .getEvents();
        } catch (ExecutionException notFound) {
            return List.of();
        }
    }

    private static <T> T result(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    private static StatusRuntimeException failure(CompletableFuture<?> future) throws Exception {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException failed) {
            assertThat(failed.getCause()).isInstanceOf(StatusRuntimeException.class);
            return (StatusRuntimeException) failed.getCause();
        }
        throw new AssertionError("expected the call to fail");
    }
}
