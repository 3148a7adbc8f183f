package dev.orderlog.readmodel;

import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.KurrentDBPersistentSubscriptionsClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Starts a worker per projection at start-up and stops them gracefully at shutdown. */
@ApplicationScoped
public class ProjectionRunner {
    private final Map<String, ProjectionWorker> workers = new LinkedHashMap<>();
    private final Instance<Projection> projections;
    private final KurrentDBClient client;
    private final ProjectionSettings settings;
    private final MeterRegistry metrics;

    public ProjectionRunner(Instance<Projection> projections, KurrentDBClient client, ProjectionSettings settings, MeterRegistry metrics) {
        this.projections = projections;
        this.client = client;
        this.settings = settings;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent started) {
        if (!settings.enabled()) {
            return;
        }
        KurrentDBPersistentSubscriptionsClient subscriptions = KurrentDBPersistentSubscriptionsClient.from(client);
        for (Projection projection : projections) {
            ProjectionWorker worker = new ProjectionWorker(projection, subscriptions, settings, metrics);
            workers.put(projection.name(), worker);
            worker.start();
            Tags tags = Tags.of("projection", projection.name());
            metrics.gauge("orderlog.projection.lag.events", tags, subscriptions, s -> groupStat(s, projection.name(), true));
            metrics.gauge("orderlog.projection.parked", tags, subscriptions, s -> groupStat(s, projection.name(), false));
        }
    }

    /** Events the group holds back from this projection (waiting, retried or in flight), or its parked count; NaN if unknown. */
    private static double groupStat(KurrentDBPersistentSubscriptionsClient subscriptions, String group, boolean lag) {
        try {
            return subscriptions.getInfoToAll(group).get(2, TimeUnit.SECONDS)
                    .map(info -> {
                        var stats = info.getStats();
                        return (double) (lag ? stats.getLiveBufferCount() + stats.getRetryBufferCount() + stats.getTotalInFlightMessages()
                                : stats.getParkedMessageCount());
                    })
                    .orElse(Double.NaN);
        } catch (ExecutionException | TimeoutException unavailable) {
            return Double.NaN;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        for (ProjectionWorker worker : workers.values()) {
            worker.stop();
        }
    }

    public Map<String, ProjectionWorker.State> states() {
        Map<String, ProjectionWorker.State> states = new LinkedHashMap<>();
        workers.forEach((name, worker) -> states.put(name, worker.state()));
        return states;
    }

    /** Events the projection's group holds back from it: waiting, retried or in flight; NaN when KurrentDB does not say. */
    public double lagEvents(String name) {
        return groupStat(KurrentDBPersistentSubscriptionsClient.from(client), name, true);
    }

    public Optional<ProjectionWorker> worker(String name) {
        return Optional.ofNullable(workers.get(name));
    }
}
