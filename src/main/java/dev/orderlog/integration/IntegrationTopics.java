package dev.orderlog.integration;

import dev.orderlog.integration.contract.Contract;
import io.quarkus.runtime.StartupEvent;
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
import org.apache.kafka.clients.admin.NewTopic;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the topics Orderlog uses that are missing, before anything publishes or subscribes: the two it publishes to,
 * the warehouse's and its dead-letter topic. One that exists is left as its operator made it. A broker that cannot be
 * reached fails start-up, naming it.
 */
@ApplicationScoped
public class IntegrationTopics {
    private static final Logger LOG = Logger.getLogger(IntegrationTopics.class);

    private final IntegrationSettings settings;
    private final String bootstrapServers;
    private final List<String> topics = new ArrayList<>();

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
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream()
                    .filter(name -> !existing.contains(name))
                    .map(name -> new NewTopic(name, settings.partitions(), settings.replicationFactor()))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                LOG.infof(
                        "Created topics %s",
                        missing.stream().map(NewTopic::name).toList());
            }
        } catch (ExecutionException | TimeoutException failed) {
            throw new IllegalStateException(
                    "Kafka at " + bootstrapServers
                            + " (kafka.bootstrap.servers) could not be reached to check its topics",
                    failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }
}
