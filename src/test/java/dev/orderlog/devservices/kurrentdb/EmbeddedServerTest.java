package dev.orderlog.devservices.kurrentdb;

import dev.orderlog.devservices.RealImages;
import io.kurrent.dbclient.EventData;
import io.kurrent.dbclient.EventDataBuilder;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.KurrentDBConnectionString;
import io.kurrent.dbclient.ReadStreamOptions;
import io.kurrent.dbclient.RecordedEvent;
import io.kurrent.dbclient.ResolvedEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the conformance suite: one embedded server per test class, driven only through the official Java client.
 * With {@code -Dorderlog.devservices.containers=true} the same tests run against the real KurrentDB image instead.
 * Each test uses streams of its own, so tests never see each other's events.
 */
abstract class EmbeddedServerTest {
    /** Null when the suite runs against the real image. */
    static EmbeddedKurrentDb server;

    static String host;
    static int port;
    static KurrentDBClient client;

    @BeforeAll
    static void startServer() throws Exception {
        String connectionString;
        if (RealImages.requested()) {
            connectionString = RealImages.kurrentDbConnectionString();
        } else {
            server = EmbeddedKurrentDb.start(EmbeddedKurrentDb.Options.defaults());
            connectionString = server.connectionString();
        }
        URI endpoint = URI.create(connectionString);
        host = endpoint.getHost();
        port = endpoint.getPort();
        client = connect(connectionString);
    }

    @AfterAll
    static void stopServer() throws Exception {
        client.shutdown().get(10, TimeUnit.SECONDS);
        if (server != null) {
            server.close();
        }
    }

    /** For tests of the embedded server's own switches and counters, which the real image does not have. */
    static void assumeEmbedded() {
        Assumptions.assumeTrue(server != null, "checks the embedded server itself");
    }

    static String insecureUri(String userInfo) {
        return "kurrentdb://" + userInfo + host + ":" + port + "?tls=false";
    }

    static KurrentDBClient connect(String connectionString) {
        return KurrentDBClient.create(KurrentDBConnectionString.parseOrThrow(connectionString));
    }

    static String newStream(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    static EventData json(String type, String body) {
        return EventDataBuilder.json(type, body.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    static EventData[] jsonEvents(int count) {
        EventData[] events = new EventData[count];
        for (int i = 0; i < count; i++) {
            events[i] = json("Counted", "{\"n\":" + i + "}");
        }
        return events;
    }

    static <T> T result(CompletableFuture<T> future) throws Exception {
        return future.get(20, TimeUnit.SECONDS);
    }

    /** The cause the client completed a future with. */
    static Throwable failureOf(CompletableFuture<?> future) throws Exception {
        try {
            future.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException failed) {
            return failed.getCause();
        }
        throw new AssertionError("expected the call to fail");
    }

    static List<RecordedEvent> readForwards(String stream) throws Exception {
        return result(client.readStream(
                        stream, ReadStreamOptions.get().forwards().fromStart()))
                .getEvents()
                .stream()
                .map(ResolvedEvent::getOriginalEvent)
                .toList();
    }

    static String body(RecordedEvent event) {
        return new String(event.getEventData(), StandardCharsets.UTF_8);
    }
}
