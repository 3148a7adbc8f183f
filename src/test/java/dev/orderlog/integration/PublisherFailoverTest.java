package dev.orderlog.integration;

import static dev.orderlog.fulfilment.FulfilmentApi.sku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderlog.integration.publish.IntegrationPublisher;
import dev.orderlog.platform.subscription.ConsumerStatus;
import dev.orderlog.platform.subscription.SubscriptionConsumer;
import io.kurrent.dbclient.KurrentDBClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Two replicas' publishers on the group: one publishes, the other stands by (the group takes one subscriber), and takes
 * over when the first leaves while orders go on, so no key's events are ever split between two producers. A plain
 * KafkaConsumer sees every event, each order's in the order written.
 */
@QuarkusTest
@TestProfile(PublisherFailoverTest.TwoReplicas.class)
class PublisherFailoverTest {
    private static final String ORDERS = "orderlog.orders.v1";

    /** The application's own publisher off: the test runs the two replicas' consumers itself. */
    public static class TwoReplicas implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "orderlog.integration.enabled", "false",
                    "orderlog.integration.publish-timeout", "PT3S",
                    "orderlog.integration.max-backoff", "PT1S");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    KurrentDBClient client;

    @Inject
    IntegrationPublisher publisher;

    @Test
    void oneReplicaPublishesTheOtherStandsByAndTakesOverWithoutLossOrReordering() throws Exception {
        SubscriptionConsumer first = publisher.consumer();
        SubscriptionConsumer second = publisher.consumer();
        ExecutorService customers = Executors.newFixedThreadPool(4);
        List<String> orders = new ArrayList<>();
        try {
            first.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> first.state().status() == ConsumerStatus.RUNNING);
            second.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> second.state().status() == ConsumerStatus.STANDBY);
            assertThat(second.state().status().healthy()).isTrue();

            String mug = sku();
            orders.addAll(PublisherFaultsTest.liveOrders(customers, 0, 16, mug));
            assertThat(second.state().applied())
                    .as("the standby publishes nothing")
                    .isZero();
            // The first leaves while orders go on: the second takes the group, and what was in flight with it.
            Future<List<String>> more = customers.submit(() -> PublisherFaultsTest.liveOrders(customers, 16, 32, mug));
            first.stop();
            await().atMost(Duration.ofSeconds(30)).until(() -> second.state().status() == ConsumerStatus.RUNNING);
            orders.addAll(more.get());
        } finally {
            first.stop();
            customers.shutdown();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> second.state().applied() > 0);
        Map<String, List<String>> written = PublishedInOrder.written(
                client, orders, orderId -> "order-" + orderId, PublisherFaultsTest.PUBLISHED_TYPES::contains);
        System.out.printf("failover (%d orders): %s%n", orders.size(), PublishedInOrder.check(kafka, ORDERS, written));
        second.stop();
    }
}
