package dev.orderlog.integration;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The publisher running without the fulfilment process, so only the test writes order events; a short publish timeout
 * and message timeout, so an outage of seconds outlasts both.
 */
public class PublisherProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "orderlog.integration.enabled", "true",
                "orderlog.integration.publish-timeout", "PT3S",
                // Shorter than the outage PublisherFaultsTest makes: the server redelivers while the batch waits.
                "orderlog.integration.group.message-timeout", "PT2S",
                "orderlog.integration.max-backoff", "PT1S");
    }
}
