package dev.orderlog.fulfilment;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The application with its fulfilment process running, deadlines short enough to see fire, and tracing on (spans go
 * to {@code RecentSpans}).
 */
public class FulfilmentProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "orderlog.fulfilment.enabled", "true",
                "orderlog.fulfilment.payment-timeout", "PT8S",
                "orderlog.fulfilment.shipment-timeout", "PT2M",
                "orderlog.fulfilment.stall-after", "PT2S",
                "quarkus.otel.sdk.disabled", "false");
    }
}
