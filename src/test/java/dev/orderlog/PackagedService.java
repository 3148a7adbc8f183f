package dev.orderlog;

import static org.awaitility.Awaitility.await;

import dev.orderlog.devservices.DevJwtKeys;
import dev.orderlog.devservices.kafka.EmbeddedKafka;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The packaged (prod) service as deployed, started as a process of its own for integration tests: connections,
 * the token key and the payment provider come from configuration, as in production. Its log goes to {@link #log()}.
 */
public final class PackagedService {
    /** One broker for every packaged service of the test JVM, as the replicas of a deployment share one. */
    private static EmbeddedKafka kafka;

    private final int port = freePort();
    private final int managementPort = freePort();
    private final Path log;
    private final List<String> command;
    private Process process;

    public PackagedService(
            String kurrentDbConnectionString,
            Map<String, String> datasource,
            String paymentProviderUrl,
            String webhookSecret)
            throws IOException {
        this.log = Files.createTempFile("orderlog-service", ".log");
        this.command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.port=" + managementPort,
                "-Dorderlog.kurrentdb.connection-string=" + kurrentDbConnectionString,
                "-Dmp.jwt.verify.publickey.location="
                        + DevJwtKeys.ofWorkingCopy().publicKeyFile().toUri(),
                "-Dmp.jwt.verify.issuer=" + DevJwtKeys.ISSUER,
                "-Dquarkus.rest-client.payment-provider.url=" + paymentProviderUrl,
                "-Dorderlog.console.session-key=" + randomSessionKey(),
                "-Dorderlog.payments.webhook-secret=" + webhookSecret,
                "-Dkafka.bootstrap.servers=" + kafka().bootstrapServers(),
                "-Dorderlog.integration.replication-factor=1"));
        datasource.forEach((key, value) -> command.add("-D" + key + "=" + value));
    }

    /** The broker the packaged services publish to, started on first use. */
    public static synchronized EmbeddedKafka kafka() throws IOException {
        if (kafka == null) {
            kafka = EmbeddedKafka.start(Files.createTempDirectory("orderlog-it-kafka"));
        }
        return kafka;
    }

    private static String randomSessionKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** Starts it (again, after a kill, on the same ports and log) and waits until it is ready. */
    public PackagedService start() throws IOException {
        List<String> full = new ArrayList<>(command);
        full.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        process = new ProcessBuilder(full)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> ready(http));
        return this;
    }

    public Process process() {
        return process;
    }

    public URI base() {
        return URI.create("http://localhost:" + port);
    }

    public Path log() {
        return log;
    }

    private boolean ready(HttpClient http) {
        try {
            return http.send(
                                    HttpRequest.newBuilder(URI.create(
                                                    "http://localhost:" + managementPort + "/q/health/ready"))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException | InterruptedException notYet) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
