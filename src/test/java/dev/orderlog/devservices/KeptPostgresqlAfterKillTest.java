package dev.orderlog.devservices;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dev mode killed with -9 leaves its PostgreSQL running on the kept data directory: the next start stops that server
 * and starts on the same data, instead of failing on its lock file.
 */
class KeptPostgresqlAfterKillTest {

    /** Run in a JVM of its own: starts PostgreSQL on the directory given, writes a row, and waits to be killed. */
    public static void main(String[] args) throws Exception {
        Map<String, String> settings = EmbeddedPostgresql.start(Optional.of(Path.of(args[0])));
        try (Connection connection = DriverManager.getConnection(
                        settings.get(DevServicesConfigSourceFactory.DATASOURCE_URL), "postgres", "postgres");
                Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE IF NOT EXISTS kept (note text); INSERT INTO kept VALUES ('before the kill')");
        }
        System.out.println("started");
        Thread.sleep(Long.MAX_VALUE);
    }

    @Test
    void aServerLeftByAKilledRunIsStoppedAndItsDataServedAgain(@TempDir Path directory) throws Exception {
        Path data = directory.resolve("postgresql");
        Process killed = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        KeptPostgresqlAfterKillTest.class.getName(),
                        data.toString())
                .redirectErrorStream(true)
                .start();
        try {
            java.io.BufferedReader output =
                    new java.io.BufferedReader(new java.io.InputStreamReader(killed.getInputStream()));
            String line;
            StringBuilder seen = new StringBuilder();
            while ((line = output.readLine()) != null && !line.equals("started")) {
                seen.append(line).append('\n');
            }
            assertThat(line).as("the first run started; it printed:%n%s", seen).isEqualTo("started");
        } finally {
            killed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        long orphan = Long.parseLong(
                Files.readAllLines(data.resolve("postmaster.pid")).getFirst().strip());
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive))
                .as("the killed run's server is still up")
                .contains(true);

        Map<String, String> settings = EmbeddedPostgresql.start(Optional.of(data));

        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
        try (Connection connection = DriverManager.getConnection(
                        settings.get(DevServicesConfigSourceFactory.DATASOURCE_URL), "postgres", "postgres");
                Statement sql = connection.createStatement();
                ResultSet kept = sql.executeQuery("SELECT note FROM kept")) {
            assertThat(kept.next()).isTrue();
            assertThat(kept.getString(1)).isEqualTo("before the kill");
        }
    }
}
