package dev.orderlog.integration.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.integration.contract.IntegrationEvent;
import dev.orderlog.platform.kurrentdb.EventStoreUnavailable;
import dev.orderlog.platform.subscription.BatchHandler;
import io.kurrent.dbclient.RecordedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The log as the outbox: each batch of the publisher's group goes to Kafka, and the batch is acked to KurrentDB only
 * once Kafka has acknowledged every record of it (acks=all, idempotent producer). The producer never gives a record
 * up (delivery.timeout.ms is unbounded), so while the broker is away the records wait in it, in order; the batch is
 * retried in place, and a record still pending from an attempt before is waited for again rather than sent again. A
 * consumer sees a record twice only after a crash or a redelivery, always under the same {@code event-id} header, and
 * never ahead of an earlier event of its key.
 */
final class KafkaPublisher implements BatchHandler {
    static final String EVENT_ID = "event-id";
    static final String EVENT_TYPE = "event-type";
    static final String EVENT_VERSION = "event-version";
    static final String CORRELATION_ID = "correlation-id";
    static final String CAUSATION_ID = "causation-id";
    static final String CONTENT_TYPE = "content-type";

    private final IntegrationEvents events;
    private final Producer<String, byte[]> producer;
    private final ObjectMapper json;
    private final Duration timeout;
    /** Records sent and not yet acknowledged, by event id: a batch retried in place waits for these again. */
    private final Map<UUID, Future<RecordMetadata>> pending = new HashMap<>();

    KafkaPublisher(IntegrationEvents events, Producer<String, byte[]> producer, ObjectMapper json, Duration timeout) {
        this.events = events;
        this.producer = producer;
        this.json = json;
        this.timeout = timeout;
    }

    @Override
    public List<Outcome> handle(List<RecordedEvent> batch) {
        Map<UUID, Future<RecordMetadata>> sent = new LinkedHashMap<>();
        for (RecordedEvent event : batch) {
            Future<RecordMetadata> already = pending.get(event.getEventId());
            if (already != null) {
                sent.put(event.getEventId(), already);
                continue;
            }
            Optional<IntegrationEvents.Outgoing> outgoing = events.of(event);
            if (outgoing.isPresent()) {
                Future<RecordMetadata> sending = send(record(outgoing.get()));
                if (sending.isDone()) {
                    // Failed before it left (the topic's metadata not in within max.block.ms, after a takeover in
                    // an outage, say): nothing after it is sent, or a later event could reach Kafka first.
                    awaitUntil(event.getEventId(), sending, System.nanoTime());
                }
                pending.put(event.getEventId(), sending);
                sent.put(event.getEventId(), sending);
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Map.Entry<UUID, Future<RecordMetadata>> acknowledgement : sent.entrySet()) {
            awaitUntil(acknowledgement.getKey(), acknowledgement.getValue(), deadline);
        }
        sent.keySet().forEach(pending::remove);
        return batch.stream().map(event -> Outcome.APPLIED).toList();
    }

    @Override
    public WhenStuck whenStuck() {
        return WhenStuck.KEEP_RETRYING_IN_ORDER;
    }

    /** The producer is this publisher's own: it goes with it. */
    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /** Kafka away, or KurrentDB away while an event's stream is read to map it: both pass. */
    @Override
    public boolean isTransient(RuntimeException failure) {
        return failure instanceof KafkaUnavailable || failure instanceof EventStoreUnavailable;
    }

    private ProducerRecord<String, byte[]> record(IntegrationEvents.Outgoing outgoing) {
        IntegrationEvent event = outgoing.event();
        RecordHeaders headers = new RecordHeaders();
        header(headers, EVENT_ID, outgoing.eventId().toString());
        header(headers, EVENT_TYPE, event.contract().eventType());
        header(headers, EVENT_VERSION, Integer.toString(event.contract().version()));
        header(headers, CORRELATION_ID, outgoing.correlationId());
        header(headers, CAUSATION_ID, outgoing.causationId());
        header(headers, CONTENT_TYPE, "application/json");
        try {
            return new ProducerRecord<>(
                    event.contract().topic().topicName(), null, event.key(), json.writeValueAsBytes(event), headers);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("An integration event did not serialize", impossible);
        }
    }

    private Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        try {
            return producer.send(record);
        } catch (KafkaException unreachable) {
            // The broker's metadata did not come within max.block.ms, or the producer is closing.
            throw new KafkaUnavailable(unreachable);
        }
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private void awaitUntil(UUID eventId, Future<RecordMetadata> acknowledgement, long deadline) {
        try {
            acknowledgement.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException notYet) {
            // Still in the producer, in order: the retried batch waits for it again.
            throw new KafkaUnavailable(notYet);
        } catch (ExecutionException refused) {
            // Refused for good (too large, not authorized, the producer closed): sent afresh on the retry.
            pending.remove(eventId);
            throw new KafkaUnavailable(refused.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailable(interrupted);
        }
    }

    /** Kafka did not acknowledge a record in time: the batch is sent again. */
    static final class KafkaUnavailable extends RuntimeException {
        KafkaUnavailable(Throwable cause) {
            super("Kafka did not acknowledge the batch: " + cause.getMessage(), cause);
        }
    }
}
