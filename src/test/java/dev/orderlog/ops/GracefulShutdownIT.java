package dev.orderlog.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderlog.PackagedService;
import dev.orderlog.TestTokens;
import dev.orderlog.devservices.EmbeddedPostgresql;
import dev.orderlog.devservices.kurrentdb.EmbeddedKurrentDb;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.KurrentDBConnectionString;
import io.kurrent.dbclient.KurrentDBPersistentSubscriptionsClient;
import io.kurrent.dbclient.ReadStreamOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The packaged service under load receives SIGTERM: every command it accepted is in KurrentDB, nothing it answered
 * with 2xx is lost, and the projection acked the batch in hand before leaving its group.
 */
class GracefulShutdownIT {
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    private record Answer(int status, String orderId) {}

    @Test
    void sigtermFinishesInFlightWorkAndLosesNothing() throws Exception {
        try (EmbeddedKurrentDb kurrentdb = EmbeddedKurrentDb.start(EmbeddedKurrentDb.Options.defaults())) {
            PackagedService packaged = new PackagedService(
                            kurrentdb.connectionString(),
                            EmbeddedPostgresql.start(),
                            "http://localhost:9",
                            UUID.randomUUID().toString())
                    .start();
            Process service = packaged.process();
            Path log = packaged.log();
            URI base = packaged.base();
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            KurrentDBClient client =
                    KurrentDBClient.create(KurrentDBConnectionString.parseOrThrow(kurrentdb.connectionString()));
            try {
                List<Answer> answers = new CopyOnWriteArrayList<>();
                AtomicBoolean running = new AtomicBoolean(true);
                List<Thread> clients = new ArrayList<>();
                for (int c = 0; c < 8; c++) {
                    clients.add(Thread.ofPlatform().start(() -> {
                        while (running.get()) {
                            answers.add(create(http, base));
                        }
                    }));
                }
                Thread.sleep(1_500);
                service.toHandle().destroy();
                assertThat(service.waitFor(60, TimeUnit.SECONDS))
                        .as("service stopped within its grace period")
                        .isTrue();
                running.set(false);
                for (Thread thread : clients) {
                    thread.join();
                }

                List<Answer> created =
                        answers.stream().filter(a -> a.status() == 201).toList();
                assertThat(created).hasSizeGreaterThan(10);
                assertThat(answers).allMatch(a -> a.status() == 201 || a.status() == 503 || a.status() == -1);
                for (Answer answer : created) {
                    assertThat(client.readStream("order-" + answer.orderId(), ReadStreamOptions.get())
                                    .get()
                                    .getEvents())
                            .hasSize(1);
                }
                String output = Files.readString(log);
                assertThat(output)
                        .contains("Projection order-read-model subscribed")
                        .containsPattern(
                                "Projection order-read-model stopped after settling its last batch \\(\\d+ applied in all\\)");
                // The service was given credentials in its connection string; they never reach its logs.
                assertThat(output).doesNotContain("changeit");
                // What it had received but not yet taken goes back to the group for the next consumer; nothing is
                // parked.
                var group = KurrentDBPersistentSubscriptionsClient.from(client)
                        .getInfoToAll("order-read-model")
                        .get()
                        .orElseThrow();
                assertThat(group.getStats().getParkedMessageCount()).isZero();
                assertThat(group.getStats().getTotalInFlightMessages()).isZero();
            } finally {
                service.destroyForcibly();
                client.shutdown().get(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Hostile requests in flight (bodies sent a byte a second, in chunks or after an early answer, connections that send
     * half a request and fall silent, paths with matrix parameters), and more of them opened after the signal, do not keep a SIGTERM waiting for its whole shutdown timeout (30 s), nor for ever.
     */
    @Test
    void sigtermExitsPromptlyWithHostileRequestsInFlight() throws Exception {
        try (EmbeddedKurrentDb kurrentdb = EmbeddedKurrentDb.start(EmbeddedKurrentDb.Options.defaults())) {
            PackagedService packaged = new PackagedService(
                            kurrentdb.connectionString(),
                            EmbeddedPostgresql.start(),
                            "http://localhost:9",
                            UUID.randomUUID().toString())
                    .start();
            Process service = packaged.process();
            List<java.net.Socket> hostile = new ArrayList<>();
            try {
                String bearer = "Authorization: Bearer " + TestTokens.adminToken() + "\r\n";
                for (int i = 0; i < 10; i++) {
                    // Authorised, so the service waits for the rest of the body: in flight until the request deadline
                    // cuts it.
                    hostile.add(sending(
                            packaged,
                            "POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                    + "Content-Length: 500\r\n" + bearer + "\r\n{"));
                    // A whole request on a path that was once never answered.
                    hostile.add(sending(packaged, "GET /console;x/projections HTTP/1.1\r\nHost: x\r\n\r\n"));
                    hostile.add(sending(packaged, "GET /orders HTTP/1.1\r\nHost: x\r\n"));
                    // A body in chunks, which the body-size limit reads before any handler sees the request.
                    hostile.add(sending(
                            packaged,
                            "POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                    + "Transfer-Encoding: chunked\r\n" + bearer + "\r\n1\r\n{\r\n"));
                    // Answered 401 at once, its body still owed.
                    hostile.add(sending(
                            packaged,
                            "POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                    + "Content-Length: 500\r\n\r\n{"));
                }
                Thread.sleep(500);
                long signalled = System.nanoTime();
                service.toHandle().destroy();
                // And new slow requests keep coming after the signal, one every half second: a shutdown that served
                // them would never be done with requests in flight before its timeout.
                while (!service.waitFor(500, TimeUnit.MILLISECONDS)
                        && Duration.ofNanos(System.nanoTime() - signalled).compareTo(Duration.ofSeconds(60)) < 0) {
                    try {
                        hostile.add(sending(
                                packaged,
                                "POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                        + "Content-Length: 500\r\n" + bearer + "\r\n{"));
                    } catch (java.io.IOException refused) {
                        // the port is closed: what a shutdown comes to
                    }
                }
                assertThat(service.isAlive()).as("exited on SIGTERM").isFalse();
                Duration shutdown = Duration.ofNanos(System.nanoTime() - signalled);
                System.out.printf(
                        "SIGTERM with %d hostile connections in flight: exited in %d ms%n",
                        hostile.size(), shutdown.toMillis());
                assertThat(shutdown)
                        .as("within the 10 s request deadline, not the 30 s shutdown timeout")
                        .isLessThan(Duration.ofSeconds(15));
                assertThat(Files.readString(packaged.log()))
                        .doesNotContain("Timed out waiting for graceful shutdown")
                        .doesNotContain(" ERROR ");
            } finally {
                for (java.net.Socket socket : hostile) {
                    socket.close();
                }
                service.destroyForcibly();
            }
        }
    }

    /** Status -1: the connection was refused or closed before an answer, so the service never took the command. */
    private static Answer create(HttpClient http, URI base) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(base.resolve("/orders"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + TestTokens.adminToken())
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"customerId\":\"c-shutdown\",\"currency\":\"EUR\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher id = ID.matcher(response.body());
            return new Answer(response.statusCode(), id.find() ? id.group(1) : null);
        } catch (IOException | InterruptedException refused) {
            return new Answer(-1, null);
        }
    }

    /** A connection to the service that has sent {@code start} of a request and nothing more. */
    private static java.net.Socket sending(PackagedService packaged, String start) throws java.io.IOException {
        java.net.Socket socket =
                new java.net.Socket("localhost", packaged.base().getPort());
        socket.getOutputStream().write(start.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        return socket;
    }
}
