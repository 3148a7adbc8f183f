package dev.orderlog.ops;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Fails start-up, naming the property to set, when PostgreSQL is not configured. (A missing KurrentDB connection
 * string already fails start-up through its required configuration property.)
 */
public class RequiredConnections {
    static final String DATASOURCE_URL = "quarkus.datasource.jdbc.url";

    void verify(@Observes StartupEvent started) {
        verify(ConfigProvider.getConfig());
    }

    static void verify(Config config) {
        Optional<String> url = config.getOptionalValue(DATASOURCE_URL, String.class);
        if (url.isEmpty() || url.get().isBlank()) {
            throw new IllegalStateException("No PostgreSQL connection is configured: set " + DATASOURCE_URL
                    + " (environment variable QUARKUS_DATASOURCE_JDBC_URL) with quarkus.datasource.username and quarkus.datasource.password");
        }
    }
}
