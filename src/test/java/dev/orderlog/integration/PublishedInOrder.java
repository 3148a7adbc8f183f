package dev.orderlog.integration;

import static dev.orderlog.integration.KafkaRecords.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.ReadStreamOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the fault tests check of a topic, as an outside consumer that deduplicates by {@code event-id} sees it: every
 * event written arrives, each key's in the order written (by first copy), and a record seen twice is the same event.
 */
final class PublishedInOrder {
    /** What was seen: events written, records read, and how many of those were copies. */
    record Tally(int written, int seen, int duplicates) {
        @Override
        public String toString() {
            return written + " events written, " + seen + " records seen, " + duplicates + " duplicates, 0 lost";
        }
    }

    private PublishedInOrder() {}

    /**
     * Enough once every id has arrived and a further {@link #QUIET} has passed, so that copies behind the last first
     * copy are counted too.
     */
    private static final class EveryIdThenQuiet implements Predicate<List<ConsumerRecord<String, String>>> {
        private static final Duration QUIET = Duration.ofSeconds(2);
        private final int total;
        private long everyIdAt = -1;

        EveryIdThenQuiet(int total) {
            this.total = total;
        }

        @Override
        public boolean test(List<ConsumerRecord<String, String>> records) {
            if (everyIdAt < 0
                    && records.stream()
                                    .map(record -> header(record, "event-id"))
                                    .distinct()
                                    .count()
                            >= total) {
                everyIdAt = System.nanoTime();
            }
            return everyIdAt >= 0 && System.nanoTime() - everyIdAt >= QUIET.toNanos();
        }
    }

    /** Reads {@code topic} until every event of {@code written} (event ids by key, in write order) has arrived. */
    static Tally check(String kafka, String topic, Map<String, List<String>> written) {
        int total = written.values().stream().mapToInt(List::size).sum();
        List<ConsumerRecord<String, String>> seen = KafkaRecords.read(
                kafka, topic, record -> written.containsKey(record.key()), new EveryIdThenQuiet(total));
        Map<String, List<String>> firstSeen = new HashMap<>();
        Map<String, String> contentById = new HashMap<>();
        int duplicates = 0;
        for (ConsumerRecord<String, String> record : seen) {
            String id = header(record, "event-id");
            String earlier = contentById.putIfAbsent(id, record.value());
            if (earlier != null) {
                duplicates++;
                assertThat(record.value()).as("a duplicate is the same event").isEqualTo(earlier);
            } else {
                firstSeen
                        .computeIfAbsent(record.key(), key -> new ArrayList<>())
                        .add(id);
            }
        }
        written.forEach((key, ids) -> assertThat(firstSeen.getOrDefault(key, List.of()))
                .as("%s: every event, in the order written", key)
                .containsExactlyElementsOf(ids));
        assertThat(contentById).hasSize(total);
        return new Tally(total, seen.size(), duplicates);
    }

    /**
     * What was written, as {@link #check} takes it: for each key, the ids of its stream's events of the {@code published}
     * types, in the order written.
     */
    static Map<String, List<String>> written(
            KurrentDBClient client, List<String> keys, Function<String, String> streamOf, Predicate<String> published)
            throws Exception {
        Map<String, List<String>> written = new LinkedHashMap<>();
        for (String key : keys) {
            written.put(
                    key,
                    client
                            .readStream(
                                    streamOf.apply(key), ReadStreamOptions.get().fromStart())
                            .get()
                            .getEvents()
                            .stream()
                            .map(event -> event.getEvent())
                            .filter(event -> published.test(event.getEventType()))
                            .map(event -> event.getEventId().toString())
                            .toList());
        }
        return written;
    }

    /** The content of each event seen, by event id (after {@link #check}, every written event has one). */
    static Map<String, String> contents(String kafka, String topic, Map<String, List<String>> written) {
        Map<String, String> contentById = new HashMap<>();
        KafkaRecords.read(
                        kafka,
                        topic,
                        record -> written.containsKey(record.key()),
                        records -> false,
                        java.time.Duration.ofSeconds(3))
                .forEach(record -> contentById.putIfAbsent(header(record, "event-id"), record.value()));
        return contentById;
    }
}
