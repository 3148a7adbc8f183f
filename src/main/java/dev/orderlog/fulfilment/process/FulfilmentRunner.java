package dev.orderlog.fulfilment.process;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.fulfilment.FulfilmentSettings;
import dev.orderlog.order.Orders;
import dev.orderlog.platform.subscription.SubscriptionConsumer;
import dev.orderlog.platform.subscription.SubscriptionGroups;
import dev.orderlog.platform.tracing.EventTracing;
import io.kurrent.dbclient.KurrentDBClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Runs the process's consumer on its own persistent subscription group, shared by every replica. */
@ApplicationScoped
public class FulfilmentRunner {
    public static final String GROUP = "fulfilment-process";

    private final FulfilmentSettings settings;
    private final SubscriptionGroups groups;
    private final FulfilmentProcess process;
    private final Orders orders;
    private final EventTracing tracing;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    private SubscriptionConsumer consumer;

    public FulfilmentRunner(
            FulfilmentSettings settings,
            KurrentDBClient client,
            ObjectMapper json,
            FulfilmentProcess process,
            Orders orders,
            MeterRegistry metrics,
            EventTracing tracing) {
        this.settings = settings;
        this.groups = new SubscriptionGroups(client, json);
        this.process = process;
        this.orders = orders;
        this.tracing = tracing;
        this.json = json;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent started) {
        if (settings.enabled()) {
            consumer = consumer();
            consumer.start();
        }
    }

    /** A consumer (not started) of the process's group: what each replica runs. */
    public SubscriptionConsumer consumer() {
        return new SubscriptionConsumer(
                "process",
                GROUP,
                FulfilmentInbox.streamRegex(),
                new FulfilmentInbox(process, orders, json, tracing),
                groups,
                settings,
                metrics);
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        if (consumer != null) {
            consumer.stop();
        }
    }
}
