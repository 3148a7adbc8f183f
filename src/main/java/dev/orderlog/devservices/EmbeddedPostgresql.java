package dev.orderlog.devservices;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * A real PostgreSQL server from embedded binaries, on a free port with a fresh data directory (or a kept one). Dev and test only: the
 * packaged application leaves these binaries out, so tests that run it start their PostgreSQL here.
 */
public final class EmbeddedPostgresql {
    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresql.class);

    private EmbeddedPostgresql() {}

    /** Starts the server, stops it when the JVM stops, and returns the datasource settings that reach it. */
    public static Map<String, String> start() throws IOException {
        return start(Optional.empty());
    }

    /** As {@link #start()}; with a data directory, its data is kept there across restarts (made on first use). */
    public static Map<String, String> start(Optional<Path> dataDirectory) throws IOException {
        dataDirectory.ifPresent(EmbeddedPostgresql::stopOrphanedServer);
        // Its own shutdown hook would stop the server as soon as the JVM starts stopping, under the application still
        // settling its consumers; ours waits for the application first.
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setCleanDataDirectory(dataDirectory.isEmpty())
                .setRegisterShutdownHook(false);
        dataDirectory.ifPresent(directory -> builder.setDataDirectory(directory.toFile()));
        EmbeddedPostgres postgres = builder.start();
        Runtime.getRuntime()
                .addShutdownHook(RunningApplications.stopAfterApplications("embedded-postgresql-stop", () -> {
                    try {
                        postgres.close();
                    } catch (IOException ignored) {
                        // The JVM is going away; a server that fails to stop dies with it.
                    }
                }));
        return Map.of(
                DevServicesConfigSourceFactory.DATASOURCE_URL,
                postgres.getJdbcUrl("postgres", "postgres"),
                "quarkus.datasource.username",
                "postgres",
                "quarkus.datasource.password",
                "postgres");
    }

    /**
     * A JVM killed with -9 leaves its PostgreSQL running on the kept directory, and the next start would fail on its lock
     * file: that server, found by the pid in the lock file and only if it is a postgres process, is stopped first.
     */
    private static void stopOrphanedServer(Path dataDirectory) {
        Path lockFile = dataDirectory.resolve("postmaster.pid");
        try {
            if (!Files.exists(lockFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readAllLines(lockFile).getFirst().strip());
            Optional<ProcessHandle> orphan = ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(process -> process.info()
                            .command()
                            .map(command -> command.contains("postgres"))
                            .orElse(false));
            if (orphan.isPresent()) {
                LOG.infof("Stopping the PostgreSQL (pid %d) a previous run left on %s", pid, dataDirectory);
                orphan.get().destroy();
                orphan.get().onExit().get(30, TimeUnit.SECONDS);
            }
        } catch (IOException | RuntimeException | ExecutionException | TimeoutException unreadable) {
            LOG.infof(
                    "Could not check %s for a server left running (%s); starting anyway",
                    lockFile, unreadable.toString());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
