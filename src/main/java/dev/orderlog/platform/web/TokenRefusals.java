package dev.orderlog.platform.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * API requests refused for their bearer token (none, expired, or not one we trust): counted rather than logged, so a
 * flood of them does not flood the log. Registered at start, so the series exists before the first refusal.
 */
@Startup
@ApplicationScoped
public class TokenRefusals {
    private final Counter refused;

    public TokenRefusals(MeterRegistry metrics) {
        this.refused = Counter.builder("orderlog.api.sign.ins.refused")
                .description("API requests refused for a missing or untrusted bearer token")
                .register(metrics);
    }

    void count() {
        refused.increment();
    }
}
