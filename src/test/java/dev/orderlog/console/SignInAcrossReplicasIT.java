package dev.orderlog.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderlog.PackagedService;
import dev.orderlog.devservices.EmbeddedPostgresql;
import dev.orderlog.devservices.kurrentdb.EmbeddedKurrentDb;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two packaged replicas on one PostgreSQL, an operator added with the packaged {@code bin/operator}, and a guesser
 * switching replicas at every attempt: the failures count once across both, so the replica does not matter. Over
 * 20 s of guessing one account as fast as the answers come, only a handful of guesses is ever checked. The client is
 * Java's, which asks for cleartext HTTP/2 (h2c): the service answers in HTTP/1.1.
 */
class SignInAcrossReplicasIT {
    private static final String PASSWORD = "dora's long console password";
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    enum Outcome {
        SIGNED_IN,
        WRONG,
        WAIT
    }

    @Test
    void failuresOnOneReplicaSlowTheOtherAndAGuesserGetsAHandfulOfChecks() throws Exception {
        try (EmbeddedKurrentDb kurrentdb = EmbeddedKurrentDb.start(EmbeddedKurrentDb.Options.defaults())) {
            Map<String, String> postgresql = EmbeddedPostgresql.start();
            PackagedService first = new PackagedService(
                            kurrentdb.connectionString(),
                            postgresql,
                            "http://localhost:9",
                            UUID.randomUUID().toString())
                    .start();
            PackagedService second = new PackagedService(
                            kurrentdb.connectionString(),
                            postgresql,
                            "http://localhost:9",
                            UUID.randomUUID().toString())
                    .start();
            try {
                addOperator(postgresql, "dora");
                List<PackagedService> replicas = List.of(first, second);
                assertThat(signIn(first, "dora", "wrong one")).isEqualTo(Outcome.WRONG);
                assertThat(signIn(second, "dora", "wrong two")).isEqualTo(Outcome.WRONG);
                assertThat(signIn(first, "dora", "wrong three")).isEqualTo(Outcome.WRONG);
                assertThat(signIn(second, "dora", PASSWORD))
                        .as("the other replica knows of three failures")
                        .isEqualTo(Outcome.WAIT);
                Thread.sleep(1_100);
                assertThat(signIn(second, "dora", PASSWORD)).isEqualTo(Outcome.SIGNED_IN);

                long checked = 0;
                long refused = 0;
                long started = System.nanoTime();
                for (int attempt = 0; System.nanoTime() - started < TimeUnit.SECONDS.toNanos(20); attempt++) {
                    Outcome outcome = signIn(replicas.get(attempt % 2), "dora", "guess " + attempt);
                    assertThat(outcome).isNotEqualTo(Outcome.SIGNED_IN);
                    if (outcome == Outcome.WRONG) {
                        checked++;
                    } else {
                        refused++;
                    }
                }
                System.out.printf(
                        "A guesser over 20 s on two replicas: %d guesses checked, %d refused unchecked (%.1f answers/s)%n",
                        checked, refused, (checked + refused) / 20.0);
                // 3 free, then after 1, 2, 4 and 8 s of waiting: 7; an eighth needs 16 s more.
                assertThat(checked).isBetween(6L, 8L);
                assertThat(refused).isGreaterThan(10 * checked);
            } finally {
                first.process().destroyForcibly().waitFor();
                second.process().destroyForcibly().waitFor();
            }
        }
    }

    private static void addOperator(Map<String, String> postgresql, String name) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of("bin", "operator").toAbsolutePath().toString(), "add", name, "--password-stdin")
                .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("QUARKUS_DATASOURCE_JDBC_URL", postgresql.get("quarkus.datasource.jdbc.url"));
        builder.environment().put("QUARKUS_DATASOURCE_USERNAME", postgresql.get("quarkus.datasource.username"));
        builder.environment().put("QUARKUS_DATASOURCE_PASSWORD", postgresql.get("quarkus.datasource.password"));
        Process process = builder.start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("Operator " + name + " (admin) saved");
    }

    private static Outcome signIn(PackagedService replica, String name, String password) throws Exception {
        String form = "j_username=" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "&j_password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<Void> answer = HTTP.send(
                HttpRequest.newBuilder(replica.base().resolve("/console/j_security_check"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Sec-Fetch-Site", "same-origin")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(answer.statusCode()).isEqualTo(302);
        String location = answer.headers().firstValue("Location").orElseThrow();
        if (answer.headers().allValues("Set-Cookie").stream()
                .anyMatch(cookie -> cookie.startsWith(ConsoleSignIns.SESSION_COOKIE + "="))) {
            return Outcome.SIGNED_IN;
        }
        if (location.endsWith("/console/sign-in?failed=true")) {
            return Outcome.WRONG;
        }
        assertThat(URI.create(location).getQuery()).matches("retry-after=\\d+");
        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
        return Outcome.WAIT;
    }
}
