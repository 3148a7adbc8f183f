package dev.orderlog.devservices.kurrentdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.KurrentDBConnectionString;
import io.kurrent.dbclient.ReadStreamOptions;
import io.kurrent.dbclient.StreamNotFoundException;
import java.nio.file.Files;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The embedded server's TLS mode, through the official client: a client given the server's certificate authority
 * (tlsCaFile) appends and reads over TLS; a client that does not trust it, or does not speak TLS, writes nothing.
 */
class TlsConformanceTest {

    private static KurrentDBClient connect(String connectionString) {
        return KurrentDBClient.create(KurrentDBConnectionString.parseOrThrow(connectionString));
    }

    /** Fails or gives up: either way the append did not happen, which the trusting client then checks. */
    private static void refused(KurrentDBClient client, String stream) {
        assertThatThrownBy(() -> client.appendToStream(stream, EmbeddedServerTest.jsonEvents(1))
                        .get(30, TimeUnit.SECONDS))
                .isInstanceOfAny(ExecutionException.class, TimeoutException.class);
    }

    @Test
    void aClientTrustingTheServersAuthorityTalksTlsAndOthersWriteNothing() throws Exception {
        try (EmbeddedKurrentDb server =
                EmbeddedKurrentDb.start(EmbeddedKurrentDb.Options.defaults().with(EmbeddedKurrentDb.Feature.TLS))) {
            assertThat(server.connectionString())
                    .contains("tls=true", "tlsCaFile=" + server.caFile().orElseThrow());
            assertThat(Files.readString(server.caFile().orElseThrow())).startsWith("-----BEGIN CERTIFICATE-----");

            KurrentDBClient trusting = connect(server.connectionString());
            String stream = "tls-" + UUID.randomUUID();
            trusting.appendToStream(stream, EmbeddedServerTest.jsonEvents(2)).get(20, TimeUnit.SECONDS);
            assertThat(trusting.readStream(stream, ReadStreamOptions.get())
                            .get(20, TimeUnit.SECONDS)
                            .getEvents())
                    .hasSize(2);

            String refusedStream = "tls-refused-" + UUID.randomUUID();
            String giveUpSoon = "&maxDiscoverAttempts=2&defaultDeadline=3000";
            KurrentDBClient untrusting =
                    connect("kurrentdb://admin:changeit@localhost:" + server.port() + "?tls=true" + giveUpSoon);
            KurrentDBClient plaintext =
                    connect("kurrentdb://admin:changeit@localhost:" + server.port() + "?tls=false" + giveUpSoon);
            try {
                refused(untrusting, refusedStream);
                refused(plaintext, refusedStream);
            } finally {
                untrusting.shutdown().get(10, TimeUnit.SECONDS);
                plaintext.shutdown().get(10, TimeUnit.SECONDS);
            }
            assertThatThrownBy(() -> trusting.readStream(refusedStream, ReadStreamOptions.get())
                            .get(20, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(StreamNotFoundException.class);
            trusting.shutdown().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRestartedServerKeepsItsCertificate() throws Exception {
        EmbeddedKurrentDb server =
                EmbeddedKurrentDb.start(EmbeddedKurrentDb.Options.defaults().with(EmbeddedKurrentDb.Feature.TLS));
        String before = server.connectionString();
        EmbeddedKurrentDb restarted = server.restart();
        try {
            assertThat(restarted.connectionString()).isEqualTo(before);
            KurrentDBClient client = connect(restarted.connectionString());
            client.appendToStream("tls-restart-" + UUID.randomUUID(), EmbeddedServerTest.jsonEvents(1))
                    .get(20, TimeUnit.SECONDS);
            client.shutdown().get(10, TimeUnit.SECONDS);
        } finally {
            restarted.close();
        }
    }
}
