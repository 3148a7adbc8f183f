package dev.orderlog.ops;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

class RequiredConnectionsTest {

    private static Config configWith(Map<String, String> values) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(values, "test", 100))
                .build();
    }

    @Test
    void startUpFailsNamingEveryMissingConnectionProperty() {
        assertThatThrownBy(() -> RequiredConnections.verify(configWith(Map.of())))
                .hasMessageContaining("orderlog.kurrentdb.connection-string")
                .hasMessageContaining("ORDERLOG_KURRENTDB_CONNECTION_STRING")
                .hasMessageContaining("quarkus.datasource.jdbc.url");
    }

    @Test
    void startUpFailsNamingTheOneMissingProperty() {
        assertThatThrownBy(() -> RequiredConnections.verify(
                        configWith(Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://db/orders"))))
                .hasMessageContaining("orderlog.kurrentdb.connection-string")
                .hasMessageNotContaining("quarkus.datasource.jdbc.url");
    }

    @Test
    void startUpGoesOnWhenBothConnectionsAreConfigured() {
        assertThatCode(() -> RequiredConnections.verify(configWith(Map.of(
                        "quarkus.datasource.jdbc.url", "jdbc:postgresql://db/orders",
                        "orderlog.kurrentdb.connection-string", "kurrentdb://kurrentdb:2113?tls=false"))))
                .doesNotThrowAnyException();
    }
}
