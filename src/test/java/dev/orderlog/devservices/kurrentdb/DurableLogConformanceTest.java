package dev.orderlog.devservices.kurrentdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orderlog.devservices.RealImages;
import dev.orderlog.devservices.kurrentdb.log.FsyncPolicy;
import dev.orderlog.devservices.kurrentdb.log.LogFile;
import io.kurrent.dbclient.AppendStreamRequest;
import io.kurrent.dbclient.AppendToStreamOptions;
import io.kurrent.dbclient.CreatePersistentSubscriptionToStreamOptions;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.KurrentDBPersistentSubscriptionsClient;
import io.kurrent.dbclient.PersistentSubscription;
import io.kurrent.dbclient.ReadStreamOptions;
import io.kurrent.dbclient.StreamMetadata;
import io.kurrent.dbclient.StreamNotFoundException;
import io.kurrent.dbclient.StreamState;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log kept on disk ({@code --db}): what survives a restart, a torn last record, and a SIGKILL during appends. */
class DurableLogConformanceTest {
    @TempDir
    Path directory;

    @BeforeEach
    void embeddedOnly() {
        Assumptions.assumeFalse(RealImages.requested(), "checks the embedded server itself");
    }

    private EmbeddedKurrentDb start(FsyncPolicy fsync) throws Exception {
        return EmbeddedKurrentDb.start(EmbeddedKurrentDb.Options.defaults().withDataDirectory(directory, fsync));
    }

    @Test
    void eventsMetadataAndPersistentGroupsWithTheirCheckpointsSurviveARestart() throws Exception {
        try (EmbeddedKurrentDb server = start(new FsyncPolicy.EveryAppend())) {
            KurrentDBClient client = EmbeddedServerTest.connect(server.connectionString());
            client.appendToStream("kept-1", EmbeddedServerTest.jsonEvents(5)).get();
            client.setStreamMetadata("kept-1", AppendToStreamOptions.get(), metadataWithMaxCount(3))
                    .get();
            KurrentDBPersistentSubscriptionsClient persistent = KurrentDBPersistentSubscriptionsClient.from(client);
            persistent
                    .createToStream(
                            "kept-1",
                            "g",
                            CreatePersistentSubscriptionToStreamOptions.get()
                                    .fromStart()
                                    .checkpointLowerBound(1)
                                    .checkpointAfterInMs(100))
                    .get();
            PersistentRecorder recorder = PersistentRecorder.acking();
            PersistentSubscription consumer =
                    persistent.subscribeToStream("kept-1", "g", recorder).get();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> persistent
                                    .getInfoToStream("kept-1", "g")
                                    .get()
                                    .orElseThrow()
                                    .getStats()
                                    .getLastCheckpointedEventRevision()
                                    .orElse(-1L)
                            == 4L);
            consumer.stop();
            client.shutdown().get();
        }

        try (EmbeddedKurrentDb again = start(new FsyncPolicy.EveryAppend())) {
            KurrentDBClient client = EmbeddedServerTest.connect(again.connectionString());
            assertThat(client.readStream("kept-1", ReadStreamOptions.get())
                            .get()
                            .getEvents())
                    .as("$maxCount 3 still applies")
                    .extracting(e -> e.getEvent().getRevision())
                    .containsExactly(2L, 3L, 4L);
            KurrentDBPersistentSubscriptionsClient persistent = KurrentDBPersistentSubscriptionsClient.from(client);
            assertThat(persistent.getInfoToStream("kept-1", "g").get()).isPresent();
            client.appendToStream("kept-1", EmbeddedServerTest.jsonEvents(1)).get();
            PersistentRecorder recorder = PersistentRecorder.acking();
            PersistentSubscription consumer =
                    persistent.subscribeToStream("kept-1", "g", recorder).get();
            await().atMost(Duration.ofSeconds(10)).until(() -> !recorder.deliveries.isEmpty());
            assertThat(recorder.deliveries)
                    .as("resumed after its checkpoint")
                    .extracting(PersistentRecorder.Delivery::revision)
                    .containsExactly(5L);
            consumer.stop();
            client.shutdown().get();
        }
    }

    @Test
    void aTornLastRecordIsCutOffAndEverythingBeforeItKept() throws Exception {
        try (EmbeddedKurrentDb server = start(new FsyncPolicy.Batched(Duration.ofMillis(5)))) {
            KurrentDBClient client = EmbeddedServerTest.connect(server.connectionString());
            client.appendToStream("torn-1", EmbeddedServerTest.jsonEvents(3)).get();
            client.shutdown().get();
        }
        Path file = directory.resolve(LogFile.FILE_NAME);
        long whole = Files.size(file);
        // Half a record: a length and a checksum, then fewer bytes than the length says.
        Files.write(file, new byte[] {0, 0, 1, 0, 1, 2, 3, 4, 9, 9, 9}, StandardOpenOption.APPEND);

        try (EmbeddedKurrentDb again = start(new FsyncPolicy.EveryAppend())) {
            assertThat(Files.size(file)).isEqualTo(whole);
            KurrentDBClient client = EmbeddedServerTest.connect(again.connectionString());
            assertThat(client.readStream("torn-1", ReadStreamOptions.get())
                            .get()
                            .getEvents())
                    .hasSize(3);
            assertThat(client.appendToStream(
                                    "torn-1",
                                    AppendToStreamOptions.get().streamState(StreamState.streamRevision(2)),
                                    EmbeddedServerTest.jsonEvents(1))
                            .get()
                            .getNextExpectedRevision())
                    .isEqualTo(StreamState.streamRevision(3));
            client.shutdown().get();
        }
    }

    @Test
    void aTransactionCutShortOrACorruptRecordIsDroppedWholeAndWhatCameBeforeKept() throws Exception {
        Path file = directory.resolve(LogFile.FILE_NAME);
        long beforeSession;
        long afterSession;
        try (EmbeddedKurrentDb server = start(new FsyncPolicy.EveryAppend())) {
            KurrentDBClient client = EmbeddedServerTest.connect(server.connectionString());
            client.appendToStream("before-1", EmbeddedServerTest.jsonEvents(2)).get();
            beforeSession = Files.size(file);
            client.multiStreamAppend(List.of(
                                    new AppendStreamRequest(
                                            "session-a",
                                            List.of(EmbeddedServerTest.json("A", "{}"))
                                                    .iterator(),
                                            StreamState.noStream()),
                                    new AppendStreamRequest(
                                            "session-b",
                                            List.of(
                                                            EmbeddedServerTest.json("B", "{}"),
                                                            EmbeddedServerTest.json("B", "{}"))
                                                    .iterator(),
                                            StreamState.noStream()))
                            .iterator())
                    .get();
            afterSession = Files.size(file);
            client.shutdown().get();
        }
        // The session's last record half written, as a crash in the middle of its write would leave it.
        try (var channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(afterSession - 7);
        }
        try (EmbeddedKurrentDb again = start(new FsyncPolicy.EveryAppend())) {
            assertThat(Files.size(file)).isEqualTo(beforeSession);
            KurrentDBClient client = EmbeddedServerTest.connect(again.connectionString());
            assertThat(client.readStream("before-1", ReadStreamOptions.get())
                            .get()
                            .getEvents())
                    .hasSize(2);
            assertThat(exists(client, "session-a"))
                    .as("no part of the cut session")
                    .isFalse();
            assertThat(exists(client, "session-b")).isFalse();
            client.appendToStream("after-1", EmbeddedServerTest.jsonEvents(1)).get();
            client.shutdown().get();
        }
        // A whole record whose bytes went bad: its checksum no longer matches, so it and what follows are cut off.
        long intact = Files.size(file);
        try (EmbeddedKurrentDb server = start(new FsyncPolicy.EveryAppend())) {
            KurrentDBClient client = EmbeddedServerTest.connect(server.connectionString());
            client.appendToStream("corrupt-1", EmbeddedServerTest.jsonEvents(1)).get();
            client.shutdown().get();
        }
        try (var channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {42}), Files.size(file) - 3);
        }
        try (EmbeddedKurrentDb again = start(new FsyncPolicy.EveryAppend())) {
            assertThat(Files.size(file)).isEqualTo(intact);
            KurrentDBClient client = EmbeddedServerTest.connect(again.connectionString());
            assertThat(exists(client, "corrupt-1")).isFalse();
            assertThat(exists(client, "after-1")).isTrue();
            client.shutdown().get();
        }
    }

    @Test
    void twoServersNeverWriteOneLog() throws Exception {
        try (EmbeddedKurrentDb first = start(new FsyncPolicy.EveryAppend())) {
            assertThat(assertThrows(IOException.class, () -> start(new FsyncPolicy.EveryAppend())))
                    .hasMessageContaining("in use by another server");
        }
    }

    @Test
    void theStandardProjectionsGoOnAfterARestartWithoutGapsOrRepeats() throws Exception {
        EmbeddedKurrentDb.Options options = EmbeddedKurrentDb.Options.defaults()
                .withDataDirectory(directory, new FsyncPolicy.EveryAppend())
                .with(EmbeddedKurrentDb.Feature.STANDARD_PROJECTIONS);
        try (EmbeddedKurrentDb server = EmbeddedKurrentDb.start(options)) {
            KurrentDBClient client = EmbeddedServerTest.connect(server.connectionString());
            client.appendToStream("kept-1", EmbeddedServerTest.jsonEvents(3)).get();
            await().atMost(Duration.ofSeconds(10)).until(() -> linkCount(client, "$ce-kept") == 3);
            client.shutdown().get();
        }
        try (EmbeddedKurrentDb again = EmbeddedKurrentDb.start(options)) {
            KurrentDBClient client = EmbeddedServerTest.connect(again.connectionString());
            client.appendToStream("kept-2", EmbeddedServerTest.jsonEvents(2)).get();
            await().atMost(Duration.ofSeconds(10)).until(() -> linkCount(client, "$ce-kept") == 5);
            Thread.sleep(300);
            assertThat(client.readStream("$ce-kept", ReadStreamOptions.get().resolveLinkTos())
                            .get()
                            .getEvents())
                    .extracting(
                            e -> e.getEvent().getStreamId() + "@" + e.getEvent().getRevision())
                    .containsExactly("kept-1@0", "kept-1@1", "kept-1@2", "kept-2@0", "kept-2@1");
            client.shutdown().get();
        }
    }

    private static int linkCount(KurrentDBClient client, String stream) throws Exception {
        try {
            return client.readStream(stream, ReadStreamOptions.get())
                    .get()
                    .getEvents()
                    .size();
        } catch (ExecutionException notYet) {
            if (notYet.getCause() instanceof StreamNotFoundException) {
                return 0;
            }
            throw notYet;
        }
    }

    private static boolean exists(KurrentDBClient client, String stream) throws Exception {
        return linkCount(client, stream) > 0;
    }

    @Test
    void aServerKilledDuringAppendsLosesNoAcknowledgedAppend() throws Exception {
        for (String fsync : List.of("every", "batched:5")) {
            Path db = directory.resolve(fsync.replace(':', '-'));
            int port = freePort();
            Process server = standalone(db, port, fsync);
            KurrentDBClient client = EmbeddedServerTest.connect("kurrentdb://localhost:" + port + "?tls=false");
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                writers.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; running.get(); i++) {
                        String stream = "killed-" + writer + "-" + i;
                        try {
                            client.appendToStream(stream, EmbeddedServerTest.jsonEvents(2))
                                    .get(5, TimeUnit.SECONDS);
                            acknowledged.add(stream);
                        } catch (Exception lost) {
                            return;
                        }
                    }
                }));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() > 200);
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
            running.set(false);
            for (Thread writer : writers) {
                writer.join(10_000);
            }
            client.shutdown().get(10, TimeUnit.SECONDS);

            Process restarted = standalone(db, port, fsync);
            KurrentDBClient reader = EmbeddedServerTest.connect("kurrentdb://localhost:" + port + "?tls=false");
            try {
                for (String stream : acknowledged) {
                    assertThat(reader.readStream(stream, ReadStreamOptions.get())
                                    .get(10, TimeUnit.SECONDS)
                                    .getEvents())
                            .as(stream + " with fsync " + fsync)
                            .hasSize(2);
                }
            } finally {
                reader.shutdown().get(10, TimeUnit.SECONDS);
                restarted.destroyForcibly();
            }
        }
    }

    private static StreamMetadata metadataWithMaxCount(long count) {
        StreamMetadata metadata = new StreamMetadata();
        metadata.setMaxCount(count);
        return metadata;
    }

    private static int freePort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /** {@code bin/kurrentdb-embedded --db}, up once it says it listens. */
    private static Process standalone(Path db, int port, String fsync) throws Exception {
        StandaloneProcess standalone =
                StandaloneProcess.start("--port", Integer.toString(port), "--db", db.toString(), "--fsync", fsync);
        standalone.awaitListening();
        return standalone.process;
    }
}
