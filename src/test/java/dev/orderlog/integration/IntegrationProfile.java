package dev.orderlog.integration;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The application with its fulfilment process and its publisher running, against the in-process Kafka. */
public class IntegrationProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "orderlog.fulfilment.enabled", "true",
                "orderlog.integration.enabled", "true",
                "orderlog.fulfilment.stall-after", "PT2S",
                "quarkus.otel.sdk.disabled", "false");
    }
}
