package dev.orderlog.platform.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.devservices.kurrentdb.EmbeddedKurrentDb;
import dev.orderlog.platform.projection.ProjectionSettings;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.KurrentDBConnectionString;
import io.kurrent.dbclient.KurrentDBPersistentSubscriptionsClient;
import io.kurrent.dbclient.PersistentSubscriptionToAllSettings;
import io.kurrent.dbclient.RecordedEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A consumer's subscription group is created with the configured settings and brought back to them when they change. */
class SubscriptionGroupSettingsTest {
    private static EmbeddedKurrentDb server;
    private static KurrentDBClient client;
    private static KurrentDBPersistentSubscriptionsClient subscriptions;

    private static final String GROUP = "settings-test";
    private static final String STREAMS = "^settings-test-";

    /** No events are written to its streams: it only has to subscribe. */
    private static final BatchHandler IDLE = new BatchHandler() {
        @Override
        public List<Outcome> handle(List<RecordedEvent> batch) {
            throw new AssertionError("No events are written to " + STREAMS);
        }

        @Override
        public boolean isTransient(RuntimeException failure) {
            return false;
        }
    };

    @BeforeAll
    static void start() throws Exception {
        server = EmbeddedKurrentDb.start(EmbeddedKurrentDb.Options.defaults());
        client = KurrentDBClient.create(KurrentDBConnectionString.parseOrThrow(server.connectionString()));
        subscriptions = KurrentDBPersistentSubscriptionsClient.from(client);
    }

    @AfterAll
    static void stop() throws Exception {
        client.shutdown().get();
        server.close();
    }

    @Test
    void groupIsCreatedWithTheConfiguredSettingsAndUpdatedWhenTheyChange() throws Exception {
        runOnce(Map.of());
        PersistentSubscriptionToAllSettings created = groupSettings(settings -> true);
        assertThat(created.getNamedConsumerStrategy().toString()).isEqualTo("Pinned");
        assertThat(created.getMaxRetryCount()).isEqualTo(100);
        assertThat(created.getCheckpointUpperBound()).isEqualTo(1000);
        assertThat(created.getReadBatchSize()).isEqualTo(20);

        runOnce(Map.of(
                "orderlog.projections.group.max-retry-count", "7",
                "orderlog.projections.group.message-timeout", "PT10S",
                "orderlog.projections.group.checkpoint-after", "PT1S",
                "orderlog.projections.group.checkpoint-lower-bound", "5",
                "orderlog.projections.group.checkpoint-upper-bound", "50",
                "orderlog.projections.group.live-buffer-size", "600",
                "orderlog.projections.group.read-batch-size", "100",
                "orderlog.projections.group.history-buffer-size", "1000",
                "orderlog.projections.group.max-subscriber-count", "3"));
        PersistentSubscriptionToAllSettings updated = groupSettings(settings -> settings.getMaxRetryCount() == 7);
        assertThat(updated.getNamedConsumerStrategy().toString()).isEqualTo("Pinned");
        assertThat(updated.getMessageTimeoutMs()).isEqualTo(10_000);
        assertThat(updated.getCheckpointAfterInMs()).isEqualTo(1_000);
        assertThat(updated.getCheckpointLowerBound()).isEqualTo(5);
        assertThat(updated.getCheckpointUpperBound()).isEqualTo(50);
        assertThat(updated.getLiveBufferSize()).isEqualTo(600);
        assertThat(updated.getReadBatchSize()).isEqualTo(100);
        assertThat(updated.getHistoryBufferSize()).isEqualTo(1000);
        assertThat(updated.getMaxSubscriberCount()).isEqualTo(3);
    }

    /** Starts a consumer with these settings, waits until it has ensured its group and subscribed, and stops it. */
    private static void runOnce(Map<String, String> values) throws Exception {
        ProjectionSettings settings = new SmallRyeConfigBuilder()
                .withMapping(ProjectionSettings.class)
                .withSources(new PropertiesConfigSource(values, "test", 500))
                .build()
                .getConfigMapping(ProjectionSettings.class);
        SubscriptionConsumer consumer = new SubscriptionConsumer(
                "projection",
                GROUP,
                STREAMS,
                IDLE,
                new SubscriptionGroups(client, new ObjectMapper()),
                settings,
                new SimpleMeterRegistry());
        consumer.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> consumer.state().status() == ConsumerStatus.RUNNING);
        } finally {
            consumer.stop();
        }
    }

    private static PersistentSubscriptionToAllSettings groupSettings(
            Predicate<PersistentSubscriptionToAllSettings> expected) {
        return await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> subscriptions
                                .getInfoToAll(GROUP)
                                .get()
                                .orElseThrow()
                                .getSettings(),
                        expected);
    }
}
