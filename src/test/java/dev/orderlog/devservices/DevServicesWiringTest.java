package dev.orderlog.devservices;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.kurrent.dbclient.EventDataBuilder;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.ReadStreamOptions;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DevServicesWiringTest {
    @Inject
    KurrentDBClient client;

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "orderlog.kurrentdb.connection-string")
    String connectionString;

    @Test
    void theApplicationsKurrentDbClientReachesTheEmbeddedServerWhenNothingIsConfigured() throws Exception {
        assertThat(connectionString).startsWith("kurrentdb://").contains("127.0.0.1");
        String stream = "wiring-" + UUID.randomUUID();
        client.appendToStream(
                        stream,
                        EventDataBuilder.json("Wired", "{}".getBytes(StandardCharsets.UTF_8))
                                .build())
                .get(10, TimeUnit.SECONDS);
        assertThat(client.readStream(stream, ReadStreamOptions.get())
                        .get(10, TimeUnit.SECONDS)
                        .getEvents())
                .hasSize(1);
    }

    @Test
    void theApplicationsDatasourceReachesARealEmbeddedPostgresql() throws Exception {
        try (Connection connection = dataSource.getConnection();
                ResultSet version = connection.createStatement().executeQuery("select version()")) {
            version.next();
            assertThat(version.getString(1)).startsWith("PostgreSQL 18");
        }
    }
}
