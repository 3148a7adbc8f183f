package dev.orderlog.devservices;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A real PostgreSQL server from embedded binaries, on a free port with a fresh data directory (or a kept one). Dev and test only: the
 * packaged application leaves these binaries out, so tests that run it start their PostgreSQL here.
 */
public final class EmbeddedPostgresql {
    private EmbeddedPostgresql() {
    }

    /** Starts the server, stops it when the JVM stops, and returns the datasource settings that reach it. */
    public static Map<String, String> start() throws IOException {
        return start(Optional.empty());
    }

    /** As {@link #start()}; with a data directory, its data is kept there across restarts (made on first use). */
    public static Map<String, String> start(Optional<Path> dataDirectory) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setCleanDataDirectory(dataDirectory.isEmpty());
        dataDirectory.ifPresent(directory -> builder.setDataDirectory(directory.toFile()));
        EmbeddedPostgres postgres = builder.start();
        Runtime.getRuntime().addShutdownHook(RunningApplications.stopAfterApplications("embedded-postgresql-stop", () -> {
            try {
                postgres.close();
            } catch (IOException ignored) {
                // The JVM is going away; a server that fails to stop dies with it.
            }
        }));
        return Map.of(
                DevServicesConfigSourceFactory.DATASOURCE_URL, postgres.getJdbcUrl("postgres", "postgres"),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }
}
