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
import io.kurrent.dbclient.ReadStreamOptions;
import java.util.ArrayList;
import java.util.HashMap;
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
                service.start();
                Thread.sleep(2_000);
                writing.set(false);
                writers.shutdown();
                assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

                Map<String, List<String>> written = new HashMap<>();
                int total = 0;
                KurrentDBClient client =
                        KurrentDBClient.create(KurrentDBConnectionString.parseOrThrow(kurrentdb.connectionString()));
                try {
                    for (String sku : skus) {
                        List<String> ids = client
                                .readStream(
                                        "stock-" + sku, ReadStreamOptions.get().fromStart())
                                .get()
                                .getEvents()
                                .stream()
                                .map(event -> event.getEvent().getEventId().toString())
                                .toList();
                        written.put(sku, ids);
                        total += ids.size();
                    }
                } finally {
                    client.shutdown().get();
                }
                assertThat(total).as("receipts recorded").isGreaterThan(50);
                String kafka = PackagedService.kafka().bootstrapServers();
                PublishedInOrder.Tally tally = PublishedInOrder.check(kafka, "orderlog.stock.v1", written);
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
                System.out.printf("kill -9 mid-publish: %s%n", tally);
            } finally {
                service.process().destroyForcibly();
            }
        }
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
