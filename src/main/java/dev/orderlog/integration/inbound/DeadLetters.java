package dev.orderlog.integration.inbound;

import dev.orderlog.integration.ReliableProducers;
import dev.orderlog.platform.audit.OperatorLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ServiceUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The dead-letter topic of the shipment reports: what is in it (the console's list), how many wait for an operator
 * (the gauge {@code orderlog.integration.dead.letters}: those not sent back yet, recounted every 15 s, NaN until first
 * counted or while Kafka is away), and sending one back to the topic it came from for another try. Made at start, so
 * the gauge the alerts watch exists before the first count.
 */
@Startup
@ApplicationScoped
public class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    /** One dead letter: where it sits, what it carried, and why it failed. */
    public record DeadLetter(int partition, long offset, String key, Instant at, String reason, String payload) {
        private static final int SHOWN = 2_000;

        /** How the operator log names it. */
        public String target(String topic) {
            return topic + "@" + partition + ":" + offset;
        }

        /** The payload as a page shows it: its first 2,000 characters. */
        public String shownPayload() {
            return payload == null || payload.length() <= SHOWN ? payload : payload.substring(0, SHOWN) + "…";
        }
    }

    private static final int LOG_SEARCHED = 1000;

    private final String topic;
    private final String shipments;
    private final OperatorLog operatorLog;
    private final String bootstrapServers;
    private final Admin admin;
    private Producer<String, String> producer;
    private volatile double count = Double.NaN;

    public DeadLetters(
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "mp.messaging.incoming.warehouse-shipments.dead-letter-queue.topic") String topic,
            @ConfigProperty(name = "mp.messaging.incoming.warehouse-shipments.topic") String shipments,
            OperatorLog operatorLog,
            MeterRegistry metrics) {
        this.operatorLog = operatorLog;
        this.topic = topic;
        this.shipments = shipments;
        this.bootstrapServers = bootstrapServers;
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "orderlog-dead-letters"));
        metrics.gauge("orderlog.integration.dead.letters", this, letters -> letters.count);
    }

    @Scheduled(every = "15s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void recount() {
        try {
            count = count();
        } catch (ExecutionException | TimeoutException | RuntimeException away) {
            count = Double.NaN;
            LOG.debugf("Dead letters not counted: %s", away.getMessage());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The dead letters in the topic now that no operator has sent back (as far as the last 1,000 actions tell). */
    public long count() throws ExecutionException, TimeoutException, InterruptedException {
        TopicDescription description = admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get(5, TimeUnit.SECONDS)
                .get(topic);
        Map<TopicPartition, OffsetSpec> partitions = description.partitions().stream()
                .map(partition -> new TopicPartition(topic, partition.partition()))
                .collect(Collectors.toMap(Function.identity(), partition -> OffsetSpec.earliest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> earliest =
                admin.listOffsets(partitions).all().get(5, TimeUnit.SECONDS);
        partitions.replaceAll((partition, spec) -> OffsetSpec.latest());
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> latest =
                admin.listOffsets(partitions).all().get(5, TimeUnit.SECONDS);
        long inTopic = latest.entrySet().stream()
                .mapToLong(end ->
                        end.getValue().offset() - earliest.get(end.getKey()).offset())
                .sum();
        long sentBack = redriven().stream()
                .filter(target -> {
                    ListOffsetsResult.ListOffsetsResultInfo start =
                            earliest.get(new TopicPartition(topic, target.partition()));
                    return start != null && target.offset() >= start.offset();
                })
                .count();
        return Math.max(0, inTopic - sentBack);
    }

    /** Where the letters operators have sent back sit, from the operator log's newest 1,000 actions. */
    public Set<Where> redriven() {
        String prefix = topic + "@";
        return operatorLog.recent(LOG_SEARCHED).stream()
                .filter(entry -> DeadLetterConsole.REDRIVE.equals(entry.action()))
                .map(OperatorLog.Entry::target)
                .filter(target -> target.startsWith(prefix))
                .map(target -> target.substring(prefix.length()).split(":"))
                .map(where -> new Where(Integer.parseInt(where[0]), Long.parseLong(where[1])))
                .collect(Collectors.toSet());
    }

    /** A letter's place in the topic. */
    public record Where(int partition, long offset) {}

    public String topic() {
        return topic;
    }

    /** The newest {@code max} dead letters, newest first. */
    public List<DeadLetter> newest(int max) {
        try (KafkaConsumer<String, String> reader = reader()) {
            return newest(reader, max);
        } catch (KafkaException away) {
            throw new ServiceUnavailableException("Kafka did not answer: " + away.getMessage());
        }
    }

    private List<DeadLetter> newest(KafkaConsumer<String, String> reader, int max) {
        List<TopicPartition> partitions = reader.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        reader.assign(partitions);
        Map<TopicPartition, Long> ends = reader.endOffsets(partitions, Duration.ofSeconds(5));
        Map<TopicPartition, Long> starts = reader.beginningOffsets(partitions, Duration.ofSeconds(5));
        for (TopicPartition partition : partitions) {
            reader.seek(partition, Math.max(starts.get(partition), ends.get(partition) - max));
        }
        List<DeadLetter> letters = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (partitions.stream()
                        .anyMatch(partition -> reader.position(partition, Duration.ofSeconds(5)) < ends.get(partition))
                && System.nanoTime() < deadline) {
            reader.poll(Duration.ofMillis(200)).forEach(record -> letters.add(letterOf(record)));
        }
        return letters.stream()
                .sorted(Comparator.comparing(DeadLetter::at).reversed())
                .limit(max)
                .toList();
    }

    /** The dead letter at {@code partition} and {@code offset}, if it is still in the topic. */
    public Optional<DeadLetter> at(int partition, long offset) {
        try (KafkaConsumer<String, String> reader = reader()) {
            return at(reader, partition, offset);
        } catch (KafkaException away) {
            throw new ServiceUnavailableException("Kafka did not answer: " + away.getMessage());
        }
    }

    private Optional<DeadLetter> at(KafkaConsumer<String, String> reader, int partition, long offset) {
        TopicPartition where = new TopicPartition(topic, partition);
        if (reader.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                .noneMatch(info -> info.partition() == partition)) {
            return Optional.empty();
        }
        reader.assign(List.of(where));
        reader.seek(where, offset);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : reader.poll(Duration.ofMillis(200))) {
                return record.offset() == offset ? Optional.of(letterOf(record)) : Optional.empty();
            }
            if (reader.position(where, Duration.ofSeconds(5))
                    >= reader.endOffsets(List.of(where), Duration.ofSeconds(5)).get(where)) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * Sends the letter's report back to the warehouse topic, under its key, acknowledged by every in-sync replica,
     * with where it came from and the operator's note in its headers.
     */
    public void redrive(DeadLetter letter, String note) {
        ProducerRecord<String, String> record = new ProducerRecord<>(shipments, letter.key(), letter.payload());
        record.headers().add("redriven-from", letter.target(topic).getBytes(StandardCharsets.UTF_8));
        send(record, "redrive-note", note);
    }

    private synchronized void send(ProducerRecord<String, String> record, String header, String value) {
        if (producer == null) {
            producer = new KafkaProducer<>(
                    ReliableProducers.settings(bootstrapServers, "orderlog-dead-letters"),
                    new StringSerializer(),
                    new StringSerializer());
        }
        record.headers().add(header, value.getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException failed) {
            throw new ServiceUnavailableException("Kafka did not take the record: " + failed.getMessage());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("Interrupted while writing to Kafka");
        }
    }

    /** Writes a dead letter of Orderlog's own (one the channel's strategy could not write), with why. */
    public void deadLetter(String key, String payload, String reason) {
        send(new ProducerRecord<>(topic, key, payload), "dead-letter-reason", reason);
    }

    private KafkaConsumer<String, String> reader() {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "orderlog-dead-letter-reader"),
                new StringDeserializer(),
                new StringDeserializer());
    }

    private static DeadLetter letterOf(ConsumerRecord<String, String> record) {
        Header reason = record.headers().lastHeader("dead-letter-reason");
        return new DeadLetter(
                record.partition(),
                record.offset(),
                record.key(),
                Instant.ofEpochMilli(record.timestamp()),
                reason == null ? "" : new String(reason.value(), StandardCharsets.UTF_8),
                record.value());
    }

    @jakarta.annotation.PreDestroy
    synchronized void close() {
        admin.close(Duration.ofSeconds(2));
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
    }
}
