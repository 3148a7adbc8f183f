package dev.orderlog.integration;

import static dev.orderlog.ServiceCalls.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.PackagedService;
import dev.orderlog.TestTokens;
import dev.orderlog.devservices.EmbeddedPostgresql;
import dev.orderlog.devservices.kurrentdb.EmbeddedKurrentDb;
import dev.orderlog.devservices.payment.SimulatedPaymentProvider;
import dev.orderlog.platform.web.Roles;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.KurrentDBConnectionString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The packaged service is killed (SIGKILL) while it publishes a burst of stock changes, and started again. A plain
 * KafkaConsumer then sees every stock event, each SKU's in the order written, and a record seen twice only as the
 * same event (same id, same content).
 */
class PublisherCrashIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SKUS = 12;
    private static final int WRITERS = 4;

    @Test
    void aServiceKilledMidPublishLosesNoEventAndKeepsEachSkusOrder() throws Exception {
        String secret = UUID.randomUUID().toString();
        try (EmbeddedKurrentDb kurrentdb = EmbeddedKurrentDb.start(EmbeddedKurrentDb.Options.defaults());
                SimulatedPaymentProvider provider = SimulatedPaymentProvider.start(secret)) {
            PackagedService service = new PackagedService(
                            kurrentdb.connectionString(),
                            EmbeddedPostgresql.start(),
                            provider.baseUri().toString(),
                            secret)
                    .start();
            List<String> skus = new ArrayList<>();
            for (int i = 0; i < SKUS; i++) {
                skus.add("sku-kill-" + UUID.randomUUID().toString().substring(0, 8));
            }
            try {
                // Writers keep receiving stock while the service is killed and started again: the kill lands while the
                // publisher has batches in flight. A receipt refused while the service is down is tried again.
                AtomicBoolean writing = new AtomicBoolean(true);
                ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
                for (int w = 0; w < WRITERS; w++) {
                    List<String> mine = skus.subList(w * SKUS / WRITERS, (w + 1) * SKUS / WRITERS);
                    writers.submit(() -> receiveWhile(writing, service, mine));
                }
                Thread.sleep(3_000);
                service.process().destroyForcibly();
                assertThat(service.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
                String kafka = PackagedService.kafka().bootstrapServers();
                Map<String, List<String>> writtenAtKill = written(kurrentdb, skus);
                long publishedAtKill = distinctPublished(kafka, writtenAtKill);
                int leftAtKill = count(writtenAtKill) - (int) publishedAtKill;
                assertThat(leftAtKill)
                        .as("events written but not yet published when killed")
                        .isPositive();
                service.start();
                Thread.sleep(2_000);
                writing.set(false);
                writers.shutdown();
                assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

                Map<String, List<String>> written = written(kurrentdb, skus);
                int total = count(written);
                assertThat(total).as("receipts recorded").isGreaterThan(50);
                PublishedInOrder.Tally tally = PublishedInOrder.check(kafka, "orderlog.stock.v1", written);
                // The kill cut publishing short: events it had not yet published, or records Kafka had taken whose
                // acks never reached KurrentDB (published again after the restart, under the same ids).
                assertThat(leftAtKill + tally.duplicates())
                        .as("the kill landed mid-publish")
                        .isPositive();
                Map<String, String> contentById = PublishedInOrder.contents(kafka, "orderlog.stock.v1", written);
                for (String sku : skus) {
                    // Each receipt is one unit: the n-th event says n on hand, folded across the restart too.
                    List<String> ids = written.get(sku);
                    for (int n = 0; n < ids.size(); n++) {
                        JsonNode level = JSON.readTree(contentById.get(ids.get(n)));
                        assertThat(level.get("onHand").asLong())
                                .as("%s after its event %d", sku, n)
                                .isEqualTo(n + 1);
                    }
                }
                System.out.printf(
                        "kill -9 mid-publish (%d of %d written not yet published at the kill): %s%n",
                        leftAtKill, count(writtenAtKill), tally);
            } finally {
                service.process().destroyForcibly();
            }
        }
    }

    /** Each SKU's stock event ids, in the order written. */
    private static Map<String, List<String>> written(EmbeddedKurrentDb kurrentdb, List<String> skus) throws Exception {
        KurrentDBClient client =
                KurrentDBClient.create(KurrentDBConnectionString.parseOrThrow(kurrentdb.connectionString()));
        try {
            return PublishedInOrder.written(client, skus, sku -> "stock-" + sku, type -> true);
        } finally {
            client.shutdown().get();
        }
    }

    private static int count(Map<String, List<String>> written) {
        return written.values().stream().mapToInt(List::size).sum();
    }

    /** How many of these events are on the topic now. */
    private static long distinctPublished(String kafka, Map<String, List<String>> written) {
        return KafkaRecords.read(
                        kafka,
                        "orderlog.stock.v1",
                        record -> written.containsKey(record.key()),
                        records -> false,
                        Duration.ofSeconds(3))
                .stream()
                .map(record -> KafkaRecords.header(record, "event-id"))
                .distinct()
                .count();
    }

    private static Void receiveWhile(AtomicBoolean writing, PackagedService service, List<String> skus)
            throws InterruptedException {
        String token = TestTokens.token(Roles.WAREHOUSE, "w-kill");
        for (int i = 0; writing.get(); i++) {
            try {
                send(
                        "POST",
                        service.base().resolve("/stock/" + skus.get(i % skus.size()) + "/receipts"),
                        token,
                        "{\"quantity\":1}");
            } catch (Exception down) {
                Thread.sleep(100);
            }
        }
        return null;
    }
}
