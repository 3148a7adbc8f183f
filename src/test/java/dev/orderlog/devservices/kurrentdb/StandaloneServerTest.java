package dev.orderlog.devservices.kurrentdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderlog.devservices.RealImages;
import io.kurrent.dbclient.CreatePersistentSubscriptionToStreamOptions;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.KurrentDBPersistentSubscriptionsClient;
import io.kurrent.dbclient.ReadStreamOptions;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class StandaloneServerTest {

    @Test
    void binKurrentdbEmbeddedServesStreamsAndPersistentSubscriptionsAnnouncesListeningAndStopsOnSigterm()
            throws Exception {
        Assumptions.assumeFalse(RealImages.requested(), "checks the embedded server itself");
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        StandaloneProcess standalone = StandaloneProcess.start("--port", Integer.toString(port));
        Process process = standalone.process;
        LinkedBlockingQueue<String> lines = standalone.lines;
        try {
            String line = standalone.awaitListening();
            assertThat(line).contains("kurrentdb://admin:***@").doesNotContain("changeit");

            KurrentDBClient client =
                    EmbeddedServerTest.connect("kurrentdb://admin:changeit@localhost:" + port + "?tls=false");
            try {
                client.appendToStream("standalone", EmbeddedServerTest.jsonEvents(2))
                        .get(10, TimeUnit.SECONDS);
                assertThat(client.readStream("standalone", ReadStreamOptions.get())
                                .get(10, TimeUnit.SECONDS)
                                .getEvents())
                        .hasSize(2);
                KurrentDBPersistentSubscriptionsClient persistent = KurrentDBPersistentSubscriptionsClient.from(client);
                persistent
                        .createToStream(
                                "standalone",
                                "g",
                                CreatePersistentSubscriptionToStreamOptions.get()
                                        .fromStart())
                        .get(10, TimeUnit.SECONDS);
                PersistentRecorder recorder = PersistentRecorder.acking();
                persistent.subscribeToStream("standalone", "g", recorder).get(10, TimeUnit.SECONDS);
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> recorder.deliveries.size() == 2);
            } finally {
                client.shutdown().get(10, TimeUnit.SECONDS);
            }

            // Process.destroy() would also close our end of its output; the handle only sends SIGTERM.
            process.toHandle().destroy();
            assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(143);
            java.util.List<String> after = new java.util.ArrayList<>();
            String last;
            while ((last = lines.poll(5, TimeUnit.SECONDS)) != null) {
                after.add(last);
            }
            assertThat(after).anyMatch(output -> output.contains("stopped"));
        } finally {
            process.destroyForcibly();
        }
    }
}
