package dev.orderlog.devservices;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Tells the dev services when the application is up and when it has stopped (the last of its shutdown observers, after
 * its consumers and poller), so Ctrl+C on ./mvnw quarkus:dev stops PostgreSQL and KurrentDB after the application
 * rather than under it. Only dev and test builds have it: the packaged application carries no dev services.
 */
@ApplicationScoped
@IfBuildProfile(anyOf = {"dev", "test"})
class DevServicesLifecycle {

    void started(@Observes StartupEvent starting) {
        RunningApplications.signal("started");
    }

    void stopped(@Observes @Priority(Integer.MAX_VALUE) ShutdownEvent stopping) {
        RunningApplications.signal("stopped");
    }
}
