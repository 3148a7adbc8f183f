package dev.orderlog.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.orderlog.platform.command.CommandContext;
import dev.orderlog.platform.command.EventCodec;
import dev.orderlog.stock.StockEvent;
import dev.orderlog.stock.Stocks;
import io.kurrent.dbclient.AppendToStreamOptions;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.KurrentDBConnectionString;
import io.kurrent.dbclient.StreamState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The publisher end to end against a raw producer, in the same run, on the same broker: events appended to KurrentDB
 * (stock received, the app's own encoding) until a plain consumer has seen each on orderlog.stock.v1, and the same
 * number of records of that size sent by an idempotent acks=all producer. Also the latency from an event's append to
 * Kafka's acknowledgement of its record (the broker's LogAppendTime) and to the consumer. Rounds: one warm-up, then three; medians with ranges.
 *   args: kafka bootstrap servers, KurrentDB connection string, events per round (default 5000)
 */
public final class KafkaPublishBenchmark {
    private static final int SKUS = 200;

    public static void main(String[] args) throws Exception {
        String kafka = args[0];
        String kurrentdb = args[1];
        int events = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
        ObjectMapper json =
                new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        EventCodec<StockEvent> codec = new EventCodec<>(json, Stocks.EVENT_TYPES);
        logAppendTime(kafka, "orderlog.stock.v1");
        KurrentDBClient client = KurrentDBClient.create(KurrentDBConnectionString.parseOrThrow(kurrentdb));
        try {
            List<double[]> rounds = new ArrayList<>();
            for (int round = 0; round <= 3; round++) {
                double raw = rawProducer(kafka, events);
                double[] published = publisher(kafka, client, codec, events);
                String label = round == 0 ? "warm-up (not counted)" : "round " + round;
                System.out.printf(
                        "%s: raw producer %.0f records/s | publisher %.0f events/s (%.2fx), append to Kafka ack p50 %.0f"
                                + " ms p99 %.0f ms, to consumer p50 %.0f ms p99 %.0f ms%n",
                        label,
                        raw,
                        published[0],
                        published[0] / raw,
                        published[1],
                        published[2],
                        published[3],
                        published[4]);
                if (round > 0) {
                    rounds.add(new double[] {
                        raw, published[0], published[0] / raw, published[1], published[2], published[3], published[4]
                    });
                }
            }
            System.out.println();
            System.out.printf("median of 3 rounds, %d events each, %d SKUs%n", events, SKUS);
            System.out.printf("raw producer (baseline):        %s records/s%n", summary(rounds, 0, "%.0f"));
            System.out.printf("publisher, append to consumer:  %s events/s%n", summary(rounds, 1, "%.0f"));
            System.out.printf("publisher / raw producer:       %sx%n", summary(rounds, 2, "%.2f"));
            System.out.printf("append to Kafka ack, p50:       %s ms%n", summary(rounds, 3, "%.0f"));
            System.out.printf("append to Kafka ack, p99:       %s ms%n", summary(rounds, 4, "%.0f"));
            System.out.printf("append to consumer, p50:        %s ms%n", summary(rounds, 5, "%.0f"));
            System.out.printf("append to consumer, p99:        %s ms%n", summary(rounds, 6, "%.0f"));
            double[] paced = paced(kafka, client, codec, 300, Duration.ofMillis(20));
            System.out.printf(
                    "paced, one event every 20 ms (300): append to Kafka ack p50 %.0f ms, p99 %.0f ms; to consumer"
                            + " p50 %.0f ms, p99 %.0f ms%n",
                    paced[1], paced[2], paced[3], paced[4]);
        } finally {
            client.shutdown().get();
        }
    }

    /**
     * The broker stamps each record of the topic with the time it wrote it, which acks=all on one broker acknowledges:
     * the bench's broker only, so the service's own settings stay as deployed.
     */
    private static void logAppendTime(String kafka, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            admin.incrementalAlterConfigs(Map.of(
                            resource,
                            List.of(new AlterConfigOp(
                                    new ConfigEntry("message.timestamp.type", "LogAppendTime"),
                                    AlterConfigOp.OpType.SET))))
                    .all()
                    .get();
        }
    }

    private static double rawProducer(String kafka, int records) throws Exception {
        byte[] value = ("{\"sku\":\"sku-bench-000\",\"reason\":\"received\",\"quantity\":1,\"orderId\":null,"
                        + "\"onHand\":10,\"reserved\":0,\"available\":10,\"changedAt\":\"2026-12-07T10:00:00Z\"}")
                .getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.LINGER_MS_CONFIG,
                        5),
                new StringSerializer(),
                new ByteArraySerializer())) {
            long start = System.nanoTime();
            List<Future<RecordMetadata>> sent = new ArrayList<>(records);
            for (int i = 0; i < records; i++) {
                sent.add(producer.send(new ProducerRecord<>("bench.raw", "sku-" + (i % SKUS), value)));
            }
            for (Future<RecordMetadata> acknowledgement : sent) {
                acknowledgement.get();
            }
            return records / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Events/s from the first append to the last record seen, and the p50 and p99 of append-to-seen in ms. */
    private static double[] publisher(String kafka, KurrentDBClient client, EventCodec<StockEvent> codec, int events)
            throws Exception {
        return publisher(kafka, client, codec, events, null);
    }

    /** The latency at low load: one event appended every {@code every}, each waited for before the next. */
    private static double[] paced(
            String kafka, KurrentDBClient client, EventCodec<StockEvent> codec, int events, Duration every)
            throws Exception {
        return publisher(kafka, client, codec, events, every);
    }

    private static double[] publisher(
            String kafka, KurrentDBClient client, EventCodec<StockEvent> codec, int events, Duration pace)
            throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Long> appendedAt = new ConcurrentHashMap<>();
        Map<String, Long> seenAt = new ConcurrentHashMap<>();
        Map<String, Long> ackedAt = new ConcurrentHashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "bench-" + run,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "latest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("orderlog.stock.v1"));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            Thread reader = Thread.ofPlatform().start(() -> {
                long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                while (seenAt.size() < events && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                        Header id = record.headers().lastHeader("event-id");
                        if (id != null && record.key().startsWith("bench-" + run)) {
                            String eventId = new String(id.value(), StandardCharsets.UTF_8);
                            seenAt.putIfAbsent(eventId, System.currentTimeMillis());
                            // LogAppendTime (set up in main): when the broker wrote it, which acks=all on one broker
                            // acknowledges.
                            ackedAt.putIfAbsent(eventId, record.timestamp());
                        }
                    }
                }
            });
            long start = System.currentTimeMillis();
            List<CompletableFuture<?>> inFlight = new ArrayList<>();
            if (pace != null) {
                for (int i = 0; i < events; i++) {
                    UUID id = UUID.randomUUID();
                    String sku = "bench-" + run + "-" + (i % SKUS);
                    client.appendToStream(
                                    "stock-" + sku,
                                    AppendToStreamOptions.get().streamState(StreamState.any()),
                                    codec.encode(
                                            new StockEvent.StockReceived(sku, 1, Instant.now()),
                                            id,
                                            CommandContext.correlated(id.toString())
                                                    .causedBy(id.toString())
                                                    .actedBy("bench")))
                            .get();
                    appendedAt.put(id.toString(), System.currentTimeMillis());
                    Thread.sleep(pace.toMillis());
                }
            } else {
                // Each SKU's events in one append: the log takes the burst at once, so what is measured is the
                // publisher.
                for (int k = 0; k < SKUS; k++) {
                    String sku = "bench-" + run + "-" + k;
                    List<io.kurrent.dbclient.EventData> batch = new ArrayList<>();
                    List<String> ids = new ArrayList<>();
                    for (int i = k; i < events; i += SKUS) {
                        UUID id = UUID.randomUUID();
                        ids.add(id.toString());
                        batch.add(codec.encode(
                                new StockEvent.StockReceived(sku, 1, Instant.now()),
                                id,
                                CommandContext.correlated(id.toString())
                                        .causedBy(id.toString())
                                        .actedBy("bench")));
                    }
                    inFlight.add(client.appendToStream(
                                    "stock-" + sku,
                                    AppendToStreamOptions.get().streamState(StreamState.any()),
                                    batch.iterator())
                            .thenRun(() -> {
                                long now = System.currentTimeMillis();
                                ids.forEach(id -> appendedAt.put(id, now));
                            }));
                }
            }
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get();
            reader.join();
            long last =
                    seenAt.values().stream().mapToLong(Long::longValue).max().orElse(System.currentTimeMillis());
            if (seenAt.size() < events) {
                System.out.printf("  only %d of %d events seen within 5 minutes%n", seenAt.size(), events);
            }
            double[] toAck = millisSinceAppend(ackedAt, appendedAt);
            double[] toConsumer = millisSinceAppend(seenAt, appendedAt);
            return new double[] {
                seenAt.size() / ((last - start) / 1e3),
                percentile(toAck, 0.50),
                percentile(toAck, 0.99),
                percentile(toConsumer, 0.50),
                percentile(toConsumer, 0.99)
            };
        }
    }

    private static double[] millisSinceAppend(Map<String, Long> at, Map<String, Long> appendedAt) {
        return at.entrySet().stream()
                .filter(event -> appendedAt.containsKey(event.getKey()))
                .mapToDouble(event -> Math.max(0, event.getValue() - appendedAt.get(event.getKey())))
                .sorted()
                .toArray();
    }

    private static double percentile(double[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))];
    }

    private static String summary(List<double[]> rounds, int index, String format) {
        double[] values =
                rounds.stream().mapToDouble(round -> round[index]).sorted().toArray();
        return String.format(format, values[values.length / 2]) + " (" + String.format(format, values[0]) + "–"
                + String.format(format, values[values.length - 1]) + ")";
    }
}
