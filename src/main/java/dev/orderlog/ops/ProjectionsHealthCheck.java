package dev.orderlog.ops;

import dev.orderlog.readmodel.ProjectionRunner;
import dev.orderlog.readmodel.ProjectionWorker;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready while every projection is subscribed and writing; reports how far each has come. */
@Readiness
@ApplicationScoped
public class ProjectionsHealthCheck implements HealthCheck {
    private final ProjectionRunner runner;

    public ProjectionsHealthCheck(ProjectionRunner runner) {
        this.runner = runner;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("projections").up();
        for (Map.Entry<String, ProjectionWorker.State> projection : runner.states().entrySet()) {
            ProjectionWorker.State state = projection.getValue();
            response.withData(projection.getKey() + ".status", state.status())
                    .withData(projection.getKey() + ".applied", state.applied())
                    .withData(projection.getKey() + ".queued", state.queued())
                    .withData(projection.getKey() + ".lagEvents", String.valueOf(runner.lagEvents(projection.getKey())));
            if (!"running".equals(state.status())) {
                response.down();
            }
        }
        return response.build();
    }
}
