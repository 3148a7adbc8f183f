package dev.orderlog.payment.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Payment webhooks refused for their signature (missing, wrong or stale): counted rather than logged, so a flood of
 * forged ones does not flood the log. Registered at start, so the series exists before the first refusal.
 */
@Startup
@ApplicationScoped
public class WebhookRefusals {
    private final Counter refused;

    public WebhookRefusals(MeterRegistry metrics) {
        this.refused = Counter.builder("orderlog.payment.webhooks.refused")
                .description("Payment webhooks refused for their signature")
                .register(metrics);
    }

    void count() {
        refused.increment();
    }
}
