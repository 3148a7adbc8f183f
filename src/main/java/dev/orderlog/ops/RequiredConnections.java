package dev.orderlog.ops;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Fails start-up, naming each property to set, when KurrentDB or PostgreSQL is not configured; otherwise the
 * service would start and fail only on its first request. In dev and test the dev services fill both in.
 */
public class RequiredConnections {
    private static final Map<String, String> REQUIRED = new LinkedHashMap<>();

    static {
        REQUIRED.put("orderlog.kurrentdb.connection-string", "ORDERLOG_KURRENTDB_CONNECTION_STRING");
        REQUIRED.put("quarkus.datasource.jdbc.url", "QUARKUS_DATASOURCE_JDBC_URL");
    }

    void verify(@Observes StartupEvent started) {
        verify(ConfigProvider.getConfig());
    }

    static void verify(Config config) {
        List<String> missing = new ArrayList<>();
        REQUIRED.forEach((property, variable) -> {
            String value = config.getOptionalValue(property, String.class).orElse("");
            if (value.isBlank()) {
                missing.add(property + " (environment variable " + variable + ")");
            }
        });
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Missing connection configuration: set " + String.join(" and ", missing));
        }
    }
}
