package dev.orderlog.readmodel;

import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.KurrentDBPersistentSubscriptionsClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

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

    public Optional<ProjectionWorker> worker(String name) {
        return Optional.ofNullable(workers.get(name));
    }
}
