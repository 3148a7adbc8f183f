package dev.orderlog.integration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** A test's plain Kafka clients: what an outside system sees of the topics, and what it sends. */
public final class KafkaRecords {
    private KafkaRecords() {}

    public static void send(String bootstrap, String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        // Up to what the broker takes (1 MB and a little): the hostile tests send that much.
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        1_048_588),
                new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    /** The topic's records from its start that {@code wanted} accepts, read until {@code enough} hold or 60 s pass. */
    public static List<ConsumerRecord<String, String>> read(
            String bootstrap,
            String topic,
            Predicate<ConsumerRecord<String, String>> wanted,
            Predicate<List<ConsumerRecord<String, String>>> enough) {
        return read(bootstrap, topic, wanted, enough, Duration.ofSeconds(60));
    }

    /** As above, for at most {@code patience}. */
    public static List<ConsumerRecord<String, String>> read(
            String bootstrap,
            String topic,
            Predicate<ConsumerRecord<String, String>> wanted,
            Predicate<List<ConsumerRecord<String, String>>> enough,
            Duration patience) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "test-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            long deadline = System.nanoTime() + patience.toNanos();
            while (!enough.test(seen) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (wanted.test(record)) {
                        seen.add(record);
                    }
                }
            }
            return seen;
        }
    }

    public static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
