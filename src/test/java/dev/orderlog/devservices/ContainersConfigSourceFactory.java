package dev.orderlog.devservices;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.PropertiesConfigSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/** With {@code -Dorderlog.devservices.containers=true}, points the test profile at the real images instead. */
public final class ContainersConfigSourceFactory implements ConfigSourceFactory {

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!DevServicesConfigSourceFactory.runsDevServices(context.getProfiles())
                || !"true"
                        .equals(context.getValue(DevServicesConfigSourceFactory.CONTAINERS_SWITCH)
                                .getValue())) {
            return List.of();
        }
        Map<String, String> supplied = new HashMap<>();
        if (context.getValue(DevServicesConfigSourceFactory.DATASOURCE_URL).getValue() == null) {
            supplied.putAll(RealImages.postgresSettings());
        }
        if (context.getValue(DevServicesConfigSourceFactory.KURRENTDB_CONNECTION_STRING)
                        .getValue()
                == null) {
            supplied.put(
                    DevServicesConfigSourceFactory.KURRENTDB_CONNECTION_STRING, RealImages.kurrentDbConnectionString());
        }
        if (context.getValue(DevServicesConfigSourceFactory.KAFKA_BOOTSTRAP_SERVERS)
                        .getValue()
                == null) {
            supplied.put(DevServicesConfigSourceFactory.KAFKA_BOOTSTRAP_SERVERS, RealImages.kafkaBootstrapServers());
        }
        return List.of(new PropertiesConfigSource(supplied, "orderlog-containers", 100));
    }
}
