package dev.orderlog.platform.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.devservices.kurrentdb.EmbeddedKurrentDb;
import dev.orderlog.platform.projection.ProjectionSettings;
import io.kurrent.dbclient.EventDataBuilder;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.KurrentDBConnectionString;
import io.kurrent.dbclient.RecordedEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lag in seconds is the age of the oldest event not yet handled: two consumers of one group, both held up before they
 * have handled anything, show it growing (it used to read 0 until one was handled), and 0 once they catch up; a
 * consumer that stopped measures from the first event it has not handled, not from the last one it has.
 */
class ConsumerLagTest {
    private static final String GROUP = "lag-test";
    private static final String STREAMS = "^lag-test-";
    private static EmbeddedKurrentDb server;
    private static KurrentDBClient client;

    @BeforeAll
    static void start() throws Exception {
        server = EmbeddedKurrentDb.start(EmbeddedKurrentDb.Options.defaults());
        client = KurrentDBClient.create(KurrentDBConnectionString.parseOrThrow(server.connectionString()));
    }

    @AfterAll
    static void stop() throws Exception {
        client.shutdown().get();
        server.close();
    }

    /** Holds every batch until released, then applies it. */
    private static final class HeldHandler implements BatchHandler {
        final CountDownLatch released = new CountDownLatch(1);
        final List<String> handled = Collections.synchronizedList(new java.util.ArrayList<>());

        @Override
        public List<Outcome> handle(List<RecordedEvent> batch) {
            try {
                released.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            batch.forEach(event -> handled.add(event.getStreamId()));
            return batch.stream().map(event -> Outcome.APPLIED).toList();
        }

        @Override
        public boolean isTransient(RuntimeException failure) {
            return false;
        }
    }

    @Test
    void lagInSecondsIsTheAgeOfTheOldestEventNotYetHandled() throws Exception {
        ProjectionSettings settings = new SmallRyeConfigBuilder()
                .withMapping(ProjectionSettings.class)
                .withSources(new PropertiesConfigSource(Map.of("orderlog.projections.batch-wait", "PT0S"), "test", 500))
                .build()
                .getConfigMapping(ProjectionSettings.class);
        SubscriptionGroups groups = new SubscriptionGroups(client, new ObjectMapper());
        HeldHandler first = new HeldHandler();
        HeldHandler second = new HeldHandler();
        SubscriptionConsumer one = new SubscriptionConsumer(
                "projection", GROUP, STREAMS, first, groups, settings, new SimpleMeterRegistry());
        SubscriptionConsumer other = new SubscriptionConsumer(
                "projection", GROUP, STREAMS, second, groups, settings, new SimpleMeterRegistry());
        one.start();
        other.start();
        try {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> one.state().status() == ConsumerStatus.RUNNING
                            && other.state().status() == ConsumerStatus.RUNNING);
            for (int i = 0; i < 20; i++) {
                client.appendToStream(
                                "lag-test-" + i,
                                EventDataBuilder.json(
                                                UUID.randomUUID(), "Happened", "{}".getBytes(StandardCharsets.UTF_8))
                                        .build())
                        .get();
            }
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> one.lag().events() + other.lag().events() >= 20);
            double early = Math.max(one.lag().seconds(), other.lag().seconds());
            Thread.sleep(1500);
            double later = Math.max(one.lag().seconds(), other.lag().seconds());

            assertThat(one.state().lastRecordedAt()).as("nothing handled yet").isNull();
            assertThat(other.state().lastRecordedAt()).isNull();
            assertThat(later)
                    .as("the oldest waiting event ages while the consumers are held")
                    .isGreaterThanOrEqualTo(1.5)
                    .isGreaterThan(early);

            first.released.countDown();
            second.released.countDown();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> first.handled.size() + second.handled.size() >= 20
                            && one.lag().events() == 0
                            && other.lag().events() == 0);
            assertThat(one.lag().seconds()).isZero();
            assertThat(other.lag().seconds()).isZero();
        } finally {
            first.released.countDown();
            second.released.countDown();
            one.stop();
            other.stop();
        }
    }

    @Test
    void aStoppedConsumerIsBehindByTheAgeOfTheFirstEventItHasNotHandled() throws Exception {
        ProjectionSettings settings = new SmallRyeConfigBuilder()
                .withMapping(ProjectionSettings.class)
                .withSources(new PropertiesConfigSource(
                        Map.of(
                                "orderlog.projections.batch-wait", "PT0S",
                                "orderlog.projections.group.checkpoint-after", "PT0.2S",
                                "orderlog.projections.group.checkpoint-lower-bound", "1"),
                        "test",
                        500))
                .build()
                .getConfigMapping(ProjectionSettings.class);
        SubscriptionGroups groups = new SubscriptionGroups(client, new ObjectMapper());
        HeldHandler handler = new HeldHandler();
        handler.released.countDown();
        SubscriptionConsumer consumer = new SubscriptionConsumer(
                "projection", "lag-stopped", "^lag-stopped-", handler, groups, settings, new SimpleMeterRegistry());
        consumer.start();
        try {
            appendTo("lag-stopped-handled");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> handler.handled.size() == 1
                            && groups.client()
                                    .getInfoToAll("lag-stopped")
                                    .get()
                                    .orElseThrow()
                                    .getStats()
                                    .getLastCheckpointedEventPosition()
                                    .isPresent());
            Thread.sleep(3000);
            consumer.stop();
            appendTo("lag-stopped-waiting");

            await().atMost(Duration.ofSeconds(10)).until(() -> consumer.lag().events() >= 1);
            assertThat(consumer.state().lastRecordedAt())
                    .as("the last event handled is over 3 s old")
                    .isBefore(java.time.Instant.now().minusSeconds(3));
            assertThat(consumer.lag().seconds())
                    .as("the one waiting was appended just now")
                    .isLessThan(2.5);
        } finally {
            consumer.stop();
        }
    }

    private static void appendTo(String stream) throws Exception {
        client.appendToStream(
                        stream,
                        EventDataBuilder.json(UUID.randomUUID(), "Happened", "{}".getBytes(StandardCharsets.UTF_8))
                                .build())
                .get();
    }
}
