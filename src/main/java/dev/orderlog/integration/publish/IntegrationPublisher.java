package dev.orderlog.integration.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.integration.IntegrationSettings;
import dev.orderlog.integration.ReliableProducers;
import dev.orderlog.order.Orders;
import dev.orderlog.platform.subscription.SubscriptionConsumer;
import dev.orderlog.platform.subscription.SubscriptionGroups;
import dev.orderlog.stock.Stocks;
import io.kurrent.dbclient.KurrentDBClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs the publisher's consumer on its own persistent subscription group, shared by every replica, after making sure
 * its topics exist. Its producer is idempotent and waits for every in-sync replica (acks=all).
 */
@ApplicationScoped
public class IntegrationPublisher {
    public static final String GROUP = "integration-publisher";
    private static final Logger LOG = Logger.getLogger(IntegrationPublisher.class);

    private final IntegrationSettings settings;
    private final String bootstrapServers;
    private final SubscriptionGroups groups;
    private final Orders orders;
    private final Stocks stocks;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    /** Numbers each consumer's producer, so the broker tells them apart. */
    private final AtomicInteger producers = new AtomicInteger();

    private SubscriptionConsumer consumer;

    public IntegrationPublisher(
            IntegrationSettings settings,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            KurrentDBClient client,
            Orders orders,
            Stocks stocks,
            ObjectMapper json,
            MeterRegistry metrics) {
        this.settings = settings;
        this.bootstrapServers = bootstrapServers;
        this.groups = new SubscriptionGroups(client, json);
        this.orders = orders;
        this.stocks = stocks;
        this.json = json;
        this.metrics = metrics;
    }

    synchronized void start(@Observes StartupEvent started) {
        if (settings.enabled()) {
            consumer = consumer();
            consumer.start();
        }
    }

    /** A consumer (not started) of the publisher's group, with a producer of its own: what each replica runs. */
    public SubscriptionConsumer consumer() {
        Producer<String, byte[]> producer = producer("orderlog-publisher-" + producers.incrementAndGet());
        return new SubscriptionConsumer(
                "publisher",
                GROUP,
                IntegrationEvents.streamRegex(),
                new KafkaPublisher(
                        new IntegrationEvents(orders, stocks, json), producer, json, settings.publishTimeout()),
                groups,
                settings,
                metrics);
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        if (consumer != null) {
            consumer.stop();
        }
    }

    private Producer<String, byte[]> producer(String clientId) {
        Map<String, Object> settings = ReliableProducers.settings(bootstrapServers, clientId);
        settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int)
                this.settings.publishTimeout().toMillis());
        // A record is never given up: while the broker is away, records wait in order (KafkaPublisher).
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
        return new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
    }
}
