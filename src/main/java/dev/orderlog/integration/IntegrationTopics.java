package dev.orderlog.integration;

import dev.orderlog.integration.contract.Contract;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the topics Orderlog uses that are missing, before anything publishes or subscribes: the two it publishes to,
 * the warehouse's and its dead-letter topic. One that exists (made by its operator, or by another replica a moment
 * before) is left as it is. A broker away at start-up does not stop the service, whose log keeps what is to be
 * published: the check is tried again every 30 s until it passes.
 */
@ApplicationScoped
public class IntegrationTopics {
    private static final Logger LOG = Logger.getLogger(IntegrationTopics.class);

    private final IntegrationSettings settings;
    private final String bootstrapServers;
    private final List<String> topics = new ArrayList<>();
    private volatile boolean ensured;

    public IntegrationTopics(
            IntegrationSettings settings,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "mp.messaging.incoming.warehouse-shipments.topic") String shipments,
            @ConfigProperty(name = "mp.messaging.incoming.warehouse-shipments.dead-letter-queue.topic")
                    String deadLetters) {
        this.settings = settings;
        this.bootstrapServers = bootstrapServers;
        for (Contract.Topic topic : Contract.Topic.values()) {
            topics.add(topic.topicName());
        }
        topics.add(shipments);
        topics.add(deadLetters);
    }

    void ensure(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent started) {
        ensureNow();
    }

    @Scheduled(every = "30s", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void ensureUntilDone() {
        if (!ensured) {
            ensureNow();
        }
    }

    private void ensureNow() {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10_000))) {
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream()
                    .filter(name -> !existing.contains(name))
                    .map(name -> new NewTopic(name, settings.partitions(), settings.replicationFactor()))
                    .toList();
            CreateTopicsResult created = admin.createTopics(missing);
            for (Map.Entry<String, KafkaFuture<Void>> topic : created.values().entrySet()) {
                try {
                    topic.getValue().get(10, TimeUnit.SECONDS);
                    LOG.infof("Created topic %s", topic.getKey());
                } catch (ExecutionException failed) {
                    if (!(failed.getCause() instanceof TopicExistsException)) {
                        throw failed;
                    }
                }
            }
            ensured = true;
        } catch (ExecutionException | TimeoutException failed) {
            Throwable cause = failed instanceof ExecutionException ? failed.getCause() : failed;
            LOG.warnf(
                    "Kafka topics not checked at %s (kafka.bootstrap.servers): %s; trying again in 30 s",
                    bootstrapServers, cause.toString());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
