package dev.orderlog.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/operator}, run as an operator would run it against the service's database: it adds an operator who can
 * then sign in, changes a password, refuses short passwords and unknown roles without saving, and removes an operator,
 * whose session ends at its next request.
 */
@QuarkusTest
class OperatorCommandTest {

    @Test
    void anOperatorAddedWithTheCommandSignsInAndARemovedOneIsSignedOut() throws Exception {
        String name = "alice-" + UUID.randomUUID().toString().substring(0, 8);
        Run added = operator("first password of alice", "add", name, "--role", "admin", "--password-stdin");
        assertThat(added.exitCode()).as(added.output()).isZero();
        assertThat(added.output())
                .contains("Operator " + name + " (admin) saved, the password as bcrypt with cost 12.")
                .doesNotContain("first password");
        String session =
                ConsoleSignIns.signIn(name, "first password of alice").getCookie(ConsoleSignIns.SESSION_COOKIE);
        assertThat(session).isNotNull();
        given().cookie(ConsoleSignIns.SESSION_COOKIE, session)
                .redirects()
                .follow(false)
                .get("/console/projections")
                .then()
                .statusCode(200);

        Run changed = operator("second password of alice", "add", name, "--password-stdin");
        assertThat(changed.exitCode()).as(changed.output()).isZero();
        assertThat(ConsoleSignIns.signIn(name, "first password of alice").getHeader("Location"))
                .endsWith("/console/sign-in?failed=true");
        assertThat(ConsoleSignIns.signIn(name, "second password of alice").getCookie(ConsoleSignIns.SESSION_COOKIE))
                .isNotNull();

        Run removed = operator("", "remove", name);
        assertThat(removed.exitCode()).as(removed.output()).isZero();
        assertThat(removed.output()).contains("Operator " + name + " removed.");
        given().cookie(ConsoleSignIns.SESSION_COOKIE, session)
                .redirects()
                .follow(false)
                .get("/console/projections")
                .then()
                .statusCode(302)
                .header("Location", endsWith("/console/sign-in"));
    }

    @Test
    void aShortPasswordAnUnknownRoleOrABadNameSaveNothing() throws Exception {
        String name = "bob-" + UUID.randomUUID().toString().substring(0, 8);
        Run shortPassword = operator("too short", "add", name, "--password-stdin");
        assertThat(shortPassword.exitCode()).isEqualTo(2);
        assertThat(shortPassword.output()).contains("at least 12 characters");
        Run unknownRole = operator("a long enough password", "add", name, "--role", "customer", "--password-stdin");
        assertThat(unknownRole.exitCode()).isEqualTo(2);
        assertThat(unknownRole.output()).contains("role is one of");
        Run badName = operator(
                "a long enough password", "add", "Robert'); DROP TABLE console_operators;--", "--password-stdin");
        assertThat(badName.exitCode()).isEqualTo(2);
        assertThat(operator("", "remove", name).output()).contains("There is no operator " + name);
        assertThat(ConsoleSignIns.signIn(name, "a long enough password").getHeader("Location"))
                .endsWith("/console/sign-in?failed=true");
    }

    record Run(int exitCode, String output) {}

    /** bin/operator with the test's database in the environment, {@code input} on its standard input. */
    private static Run operator(String input, String... arguments) throws IOException, InterruptedException {
        Config config = ConfigProvider.getConfig();
        List<String> command = new ArrayList<>(
                List.of(Path.of("bin", "operator").toAbsolutePath().toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment()
                .putAll(Map.of(
                        "ORDERLOG_CLASSPATH",
                        System.getProperty("java.class.path"),
                        "JAVA_HOME",
                        System.getProperty("java.home"),
                        "QUARKUS_DATASOURCE_JDBC_URL",
                        config.getValue("quarkus.datasource.jdbc.url", String.class),
                        "QUARKUS_DATASOURCE_USERNAME",
                        config.getValue("quarkus.datasource.username", String.class),
                        "QUARKUS_DATASOURCE_PASSWORD",
                        config.getValue("quarkus.datasource.password", String.class)));
        Process process = builder.start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write((input + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(
                process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
