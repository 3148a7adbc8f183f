package dev.orderlog.order.readmodel;

import static dev.orderlog.TestTokens.given;
import static org.awaitility.Awaitility.await;

import dev.orderlog.devservices.RunningDevServices;
import dev.orderlog.order.Orders;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.KurrentDBPersistentSubscriptionsClient;
import io.kurrent.dbclient.PersistentSubscription;
import io.kurrent.dbclient.PersistentSubscriptionListener;
import io.kurrent.dbclient.ResolvedEvent;
import io.kurrent.dbclient.SubscribePersistentSubscriptionOptions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Each test stops a component for real while orders are written, then checks that the read model equals the fold of
 * the log: nothing lost, nothing applied twice.
 */
@QuarkusTest
class ReadModelFaultTest {
    @Inject
    Orders orders;

    @Inject
    KurrentDBClient client;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    /** Writes orders until told to stop, retrying a command the service refused while something was down. */
    private final class Writer implements AutoCloseable {
        final List<String> ids = new CopyOnWriteArrayList<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread thread = Thread.ofPlatform().start(this::write);

        private void write() {
            while (running.get()) {
                String id = attempt(() -> given().contentType(ContentType.JSON)
                        .body("{\"customerId\":\"c-fault\",\"currency\":\"EUR\"}")
                        .post("/orders")
                        .then()
                        .statusCode(201)
                        .extract()
                        .path("id"));
                attempt(() -> given().contentType(ContentType.JSON)
                        .body("{\"sku\":\"a\",\"quantity\":3,\"unitPrice\":{\"amountMinor\":100,\"currency\":\"EUR\"}}")
                        .header("Idempotency-Key", "line-" + id)
                        .post("/orders/" + id + "/lines")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("id"));
                ids.add(id);
            }
        }

        private String attempt(java.util.function.Supplier<String> command) {
            while (true) {
                try {
                    return command.get();
                } catch (AssertionError | Exception refusedWhileDown) {
                    sleep(100);
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void postgresqlStoppedMidStreamAndStartedAgainLosesNothing() throws Exception {
        RealPostgres postgres = RealPostgres.onPort(
                URI.create(jdbcUrl.substring("jdbc:".length())).getPort());
        List<String> ids;
        try (Writer writer = new Writer()) {
            sleep(300);
            postgres.stop();
            sleep(1_500);
            postgres.start();
            sleep(300);
            writer.close();
            ids = writer.ids;
        }
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> ReadModelAssertions.assertReadModelEqualsTheFold(orders, ids));
    }

    @Test
    void theEmbeddedKurrentDbRestartedMidStreamLosesNothing() throws Exception {
        List<String> ids;
        try (Writer writer = new Writer()) {
            sleep(300);
            RunningDevServices.invoke("restartKurrentDb");
            int writtenByTheRestart = writer.ids.size();
            // The service reconnects by itself: orders keep being written after the restart.
            await().atMost(Duration.ofSeconds(60)).until(() -> writer.ids.size() >= writtenByTheRestart + 5);
            writer.close();
            ids = writer.ids;
        }
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> ReadModelAssertions.assertReadModelEqualsTheFold(orders, ids));
    }

    @Test
    void aConsumerKilledMidBatchLeavesItsEventsToTheOthers() throws Exception {
        KurrentDBPersistentSubscriptionsClient subscriptions = KurrentDBPersistentSubscriptionsClient.from(client);
        AtomicInteger taken = new AtomicInteger();
        // A second consumer in the group takes its share of streams and dies without acknowledging any of them.
        PersistentSubscription doomed = subscriptions
                .subscribeToAll(
                        OrderProjection.NAME,
                        SubscribePersistentSubscriptionOptions.get().bufferSize(50),
                        new PersistentSubscriptionListener() {
                            @Override
                            public void onEvent(
                                    PersistentSubscription subscription, int retryCount, ResolvedEvent event) {
                                taken.incrementAndGet();
                            }
                        })
                .get();
        List<String> ids;
        try (Writer writer = new Writer()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> taken.get() >= 10);
            doomed.stop();
            sleep(300);
            writer.close();
            ids = writer.ids;
        }
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> ReadModelAssertions.assertReadModelEqualsTheFold(orders, ids));
    }
}
