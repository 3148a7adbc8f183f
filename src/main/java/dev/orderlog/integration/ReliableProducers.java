package dev.orderlog.integration;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The settings of every producer Orderlog writes with: idempotent and acknowledged by every in-sync replica, so a
 * record is written once and survives a broker, and named so the broker's logs and quotas can tell them apart.
 */
public final class ReliableProducers {
    private ReliableProducers() {}

    public static Map<String, Object> settings(String bootstrapServers, String clientId) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return settings;
    }
}
