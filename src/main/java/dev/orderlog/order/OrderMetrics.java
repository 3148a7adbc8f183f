package dev.orderlog.order;

import dev.orderlog.platform.command.CommandContext;
import dev.orderlog.platform.command.CommandPipeline;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;

/**
 * Orders placed, cancelled (by kind of reason) and delivered, counted where their events are appended, once each: a
 * command repeated under its Idempotency-Key appends nothing and counts nothing. Each replica counts its own appends;
 * Prometheus sums them.
 */
@Startup
@ApplicationScoped
public class OrderMetrics {
    private final Counter placed;
    private final Counter delivered;
    private final Map<CancellationReason, Counter> cancelled = new EnumMap<>(CancellationReason.class);

    public OrderMetrics(MeterRegistry registry) {
        placed = Counter.builder("orderlog.orders.placed")
                .description("Orders placed")
                .register(registry);
        delivered = Counter.builder("orderlog.orders.delivered")
                .description("Orders delivered")
                .register(registry);
        for (CancellationReason reason : CancellationReason.values()) {
            cancelled.put(
                    reason,
                    Counter.builder("orderlog.orders.cancelled")
                            .description("Orders cancelled, by kind of reason")
                            .tag("reason", reason.label())
                            .register(registry));
        }
    }

    void appended(CommandPipeline.Outcome<Order, OrderEvent> outcome, CommandContext context) {
        if (outcome.repeated()) {
            return;
        }
        for (OrderEvent event : outcome.events()) {
            switch (event) {
                case OrderEvent.OrderPlaced ignored -> placed.increment();
                case OrderEvent.OrderDelivered ignored -> delivered.increment();
                case OrderEvent.OrderCancelled cancellation ->
                    cancelled
                            .get(CancellationReason.of(cancellation.reason(), context.actor(), outcome.state()))
                            .increment();
                default -> {}
            }
        }
    }
}
