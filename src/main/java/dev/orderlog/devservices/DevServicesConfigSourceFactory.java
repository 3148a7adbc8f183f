package dev.orderlog.devservices;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import java.util.List;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The one way into the dev services: in the dev and test profiles, supplies what {@link DevServices} starts for every
 * store, broker or key left unconfigured; in any other profile, nothing.
 *
 * <p>This is the only class of the package the packaged application keeps (the build strips the rest, see the
 * {@code strip-dev-services} step in pom.xml). That holds because the JVM loads {@link DevServices} only when the dev
 * branch first runs, which never happens in prod.
 */
public final class DevServicesConfigSourceFactory implements ConfigSourceFactory {
    static final String DATASOURCE_URL = "quarkus.datasource.jdbc.url";
    static final String KURRENTDB_CONNECTION_STRING = "orderlog.kurrentdb.connection-string";
    static final String PAYMENT_PROVIDER_URL = "quarkus.rest-client.payment-provider.url";
    static final String WEBHOOK_SECRET = "orderlog.payments.webhook-secret";
    static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    /** Set to true to run dev services as the real images in containers instead (test sources, needs Docker). */
    static final String CONTAINERS_SWITCH = "orderlog.devservices.containers";
    /** Set to true to keep the embedded databases' data across restarts of ./mvnw quarkus:dev (in target/orderlog-dev). */
    static final String KEEP_DATA = "orderlog.devservices.keep-data";

    private static final List<String> DEV_PROFILES = List.of("dev", "test");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!runsDevServices(context.getProfiles())) {
            return List.of();
        }
        try {
            return DevServices.configSources(context);
        } catch (NoClassDefFoundError packaged) {
            throw new IllegalStateException(
                    "The packaged application carries no dev services: run ./mvnw quarkus:dev, or configure the"
                            + " PostgreSQL, KurrentDB, Kafka, payment provider and token settings (see the README, Deploy)",
                    packaged);
        }
    }

    static boolean runsDevServices(List<String> profiles) {
        return profiles.stream().anyMatch(DEV_PROFILES::contains);
    }
}
