package dev.orderlog.ops;

import dev.orderlog.platform.projection.ProjectionRunner;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;
import org.flywaydb.core.Flyway;

/** Started once the read-model schema is migrated and every projection's subscription group exists. */
@Startup
@ApplicationScoped
public class StartupCheck implements HealthCheck {
    private final Flyway flyway;
    private final ProjectionRunner runner;

    public StartupCheck(Flyway flyway, ProjectionRunner runner) {
        this.flyway = flyway;
        this.runner = runner;
    }

    @Override
    public HealthCheckResponse call() {
        int pending = flyway.info().pending().length;
        boolean groupsEnsured = runner.groupsEnsured();
        return HealthCheckResponse.named("started")
                .status(pending == 0 && groupsEnsured)
                .withData("pendingMigrations", pending)
                .withData("subscriptionGroupsEnsured", groupsEnsured)
                .build();
    }
}
