package dev.orderlog.devservices;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Destroyed;
import jakarta.enterprise.event.Observes;

/**
 * Tells the dev services when the application is up and when it has stopped: once its application context is gone,
 * so after its consumers and poller (shutdown observers) and after its messaging connectors (closed as the context
 * goes). Ctrl+C on ./mvnw quarkus:dev then stops PostgreSQL, KurrentDB and Kafka after the application rather than
 * under it. Only dev and test builds have it: the packaged application carries no dev services.
 */
@ApplicationScoped
@IfBuildProfile(anyOf = {"dev", "test"})
class DevServicesLifecycle {

    void started(@Observes StartupEvent starting) {
        RunningApplications.signal("started");
    }

    /** Static: the context it observes the end of is the one its instance lived in. */
    static void stopped(@Observes @Destroyed(ApplicationScoped.class) Object contextGone) {
        RunningApplications.signal("stopped");
    }
}
