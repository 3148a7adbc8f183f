package dev.orderlog.integration;

import static dev.orderlog.ServiceCalls.send;
import static dev.orderlog.integration.KafkaRecords.header;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The packaged service is killed (SIGKILL) while it publishes a burst of stock changes, and started again. A plain
 * KafkaConsumer then sees every stock event, each SKU's in the order written, and a record seen twice only as the
 * same event (same id, same content).
 */
class PublisherCrashIT {
    private static final int SKUS = 10;
    private static final int RECEIPTS_BEFORE = 150;
    private static final int RECEIPTS_AFTER = 30;

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
                receive(service, skus, RECEIPTS_BEFORE);
                service.process().destroyForcibly();
                assertThat(service.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
                service.start();
                receive(service, skus, RECEIPTS_AFTER);

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
                assertThat(total).isEqualTo(RECEIPTS_BEFORE + RECEIPTS_AFTER);
                Set<String> keys = written.keySet();
                int wanted = total;
                List<ConsumerRecord<String, String>> seen = KafkaRecords.read(
                        PackagedService.kafka().bootstrapServers(),
                        "orderlog.stock.v1",
                        record -> keys.contains(record.key()),
                        records -> records.stream()
                                        .map(record -> header(record, "event-id"))
                                        .distinct()
                                        .count()
                                >= wanted);

                Map<String, List<String>> firstSeen = new HashMap<>();
                Map<String, String> contentById = new HashMap<>();
                int duplicates = 0;
                for (ConsumerRecord<String, String> record : seen) {
                    String id = header(record, "event-id");
                    String earlier = contentById.putIfAbsent(id, record.value());
                    if (earlier != null) {
                        duplicates++;
                        assertThat(record.value())
                                .as("a duplicate is the same event")
                                .isEqualTo(earlier);
                    } else {
                        firstSeen
                                .computeIfAbsent(record.key(), key -> new ArrayList<>())
                                .add(id);
                    }
                }
                for (String sku : skus) {
                    assertThat(firstSeen.get(sku))
                            .as("%s: every event, in the order written", sku)
                            .containsExactlyElementsOf(written.get(sku));
                }
                System.out.printf(
                        "kill -9 mid-publish: %d events written, %d records seen, %d duplicates, 0 lost%n",
                        total, seen.size(), duplicates);
            } finally {
                service.process().destroyForcibly();
            }
        }
    }

    private static void receive(PackagedService service, List<String> skus, int receipts) throws Exception {
        String token = TestTokens.token(Roles.WAREHOUSE, "w-kill");
        for (int i = 0; i < receipts; i++) {
            send(
                    "POST",
                    service.base().resolve("/stock/" + skus.get(i % skus.size()) + "/receipts"),
                    token,
                    "{\"quantity\":1}");
        }
    }
}
