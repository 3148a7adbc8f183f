package dev.orderlog.platform.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.platform.kurrentdb.StreamReads;
import dev.orderlog.platform.subscription.ConsumerSettings;
import dev.orderlog.platform.subscription.SubscriptionConsumer;
import dev.orderlog.platform.subscription.SubscriptionGroups;
import dev.orderlog.platform.tracing.EventTracing;
import io.kurrent.dbclient.KurrentDBClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs every projection bean on a consumer of its own group: started at start-up, stopped gracefully at shutdown. */
@ApplicationScoped
public class ProjectionRunner {
    private final Map<String, Projection> projections = new LinkedHashMap<>();
    private final Map<String, SubscriptionConsumer> consumers = new LinkedHashMap<>();
    private final ProjectionSettings settings;
    private final SubscriptionGroups groups;
    private final StreamReads reads;
    private final Schemas schemas;
    private final CommittedRevisions committed;
    private final MeterRegistry metrics;
    private final EventTracing tracing;

    public ProjectionRunner(
            Instance<Projection> found,
            KurrentDBClient client,
            ObjectMapper json,
            ProjectionSettings settings,
            Schemas schemas,
            CommittedRevisions committed,
            MeterRegistry metrics,
            EventTracing tracing) {
        found.forEach(projection -> projections.put(projection.name(), projection));
        this.settings = settings;
        this.groups = new SubscriptionGroups(client, json);
        this.reads = new StreamReads(client);
        this.schemas = schemas;
        this.committed = committed;
        this.metrics = metrics;
        this.tracing = tracing;
    }

    void start(@Observes StartupEvent started) {
        if (!settings.enabled()) {
            return;
        }
        for (Projection projection : projections.values()) {
            SubscriptionConsumer consumer = consumerOf(projection, settings);
            consumers.put(projection.name(), consumer);
            consumer.start();
        }
    }

    /** A consumer (not started) that feeds the projection its group's events under these settings. */
    public SubscriptionConsumer consumerOf(Projection projection, ConsumerSettings consumerSettings) {
        return new SubscriptionConsumer(
                "projection",
                projection.name(),
                projection.streamRegex(),
                new ProjectionHandler(projection, schemas, reads, committed, tracing),
                groups,
                consumerSettings,
                metrics);
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        for (SubscriptionConsumer consumer : consumers.values()) {
            consumer.stop();
        }
    }

    /** Every projection running in this instance with its consumer's state and its group's lag. */
    public List<ProjectionStatus> statuses() {
        List<ProjectionStatus> statuses = new ArrayList<>();
        consumers.keySet().forEach(name -> status(name).ifPresent(statuses::add));
        return statuses;
    }

    /** One projection's status: its group's lag alone is asked of KurrentDB. Empty when it does not run in this instance. */
    public Optional<ProjectionStatus> status(String name) {
        return Optional.ofNullable(consumers.get(name))
                .map(consumer -> new ProjectionStatus(name, consumer.state(), consumer.lag()));
    }

    /** True once every projection's consumer has made sure its group exists (asks KurrentDB nothing). */
    public boolean groupsEnsured() {
        return consumers.values().stream().allMatch(consumer -> consumer.state().groupEnsured());
    }

    public Optional<Projection> projection(String name) {
        return Optional.ofNullable(projections.get(name));
    }

    public SubscriptionGroups groups() {
        return groups;
    }
}
