package dev.orderlog.ops;

import dev.orderlog.platform.projection.ProjectionRunner;
import dev.orderlog.platform.projection.ProjectionStatus;
import jakarta.enterprise.context.ApplicationScoped;
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
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named("projections").up();
        for (ProjectionStatus projection : runner.statuses()) {
            String name = projection.name();
            response.withData(name + ".status", projection.consumer().status().label())
                    .withData(name + ".applied", projection.consumer().applied())
                    .withData(name + ".queued", projection.consumer().queued())
                    .withData(
                            name + ".lagEvents",
                            projection.lag().known()
                                    ? String.valueOf(projection.lag().events())
                                    : "unknown")
                    .withData(
                            name + ".lagSeconds",
                            projection.lag().known()
                                    ? String.valueOf(projection.lag().seconds())
                                    : "unknown");
            if (!projection.consumer().status().healthy()) {
                response.down();
            }
        }
        return response.build();
    }
}
