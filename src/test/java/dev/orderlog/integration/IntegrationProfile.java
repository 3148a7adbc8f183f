package dev.orderlog.integration;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The application with its fulfilment process and its publisher running, against the in-process Kafka. */
public class IntegrationProfile implements QuarkusTestProfile {
    private static final String RETRY = "dev.orderlog.integration.inbound.ShipmentReports/handle/Retry/";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "orderlog.fulfilment.enabled",
                "true",
                "orderlog.integration.enabled",
                "true",
                "orderlog.fulfilment.stall-after",
                "PT2S",
                "quarkus.otel.sdk.disabled",
                "false",
                // Three tries after the first, 0.3 s apart and doubling, so a test sees a report dead-lettered in 2 s.
                RETRY + "maxRetries",
                "3",
                RETRY + "delay",
                "300",
                RETRY + "jitter",
                "0");
    }
}
