package dev.orderlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a new user does, done by CI: a copy of the working tree (as a fresh clone has it) runs {@code ./mvnw quarkus:dev}
 * as the README says, and the README's own bash blocks (the walkthrough and the fulfilment failure paths) run against
 * it verbatim, so the text cannot drift from what works. Dev mode's class path is built here, which {@code verify}
 * alone never does.
 */
class ReadmeWalkthroughIT {
    private static final Path README = Path.of("README.md");
    private static final URI API = URI.create("http://localhost:8080");
    private static final Pattern LOG_LINE =
            Pattern.compile("^\\d\\d:\\d\\d:\\d\\d,\\d{3} (ERROR|WARN) +\\[([^\\]]+)\\] .*");
    private static final Pattern READY = Pattern.compile("Listening on: http://localhost:8080");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Warnings the walkthrough provokes on purpose, each by its logger and message: none so far. */
    private static final List<Pattern> PROVOKED = List.of();

    private static Path clone;
    private static Path devLog;
    private static Process devMode;
    private static Duration startup;

    @BeforeAll
    static void startDevModeAsTheReadmeSays() throws Exception {
        clone = freshCopyOfTheWorkingTree();
        devLog = clone.resolve("quarkus-dev.log");
        // As in the README, with the console's key input off (no terminal here) and Quarkus' analytics question
        // unasked.
        List<String> command = List.of(
                "./mvnw", "quarkus:dev", "-Dquarkus.console.enabled=false", "-Dquarkus.analytics.disabled=true");
        Instant started = Instant.now();
        devMode = new ProcessBuilder(command)
                .directory(clone.toFile())
                .redirectErrorStream(true)
                .redirectOutput(devLog.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        waitFor(READY, Duration.ofMinutes(8));
        startup = Duration.between(started, Instant.now());
        System.out.printf(
                "README walkthrough: ./mvnw quarkus:dev ready in %d s (compile included)%n", startup.toSeconds());
    }

    /** As Ctrl+C does: every process of dev mode is told to stop (SIGTERM, as SIGINT is ignored by background jobs). */
    @AfterAll
    static void stopDevMode() throws InterruptedException {
        if (devMode != null && devMode.isAlive()) {
            List<ProcessHandle> tree = devMode.descendants().toList();
            tree.forEach(ProcessHandle::destroy);
            devMode.destroy();
            if (!devMode.waitFor(60, TimeUnit.SECONDS)) {
                devMode.destroyForcibly();
            }
            for (ProcessHandle process : tree) {
                process.onExit()
                        .completeOnTimeout(process, 60, TimeUnit.SECONDS)
                        .join();
                process.destroyForcibly();
            }
        }
    }

    @Test
    void theWalkthroughAndTheFailurePathsRunVerbatimAndDoWhatTheySay() throws Exception {
        String readme = Files.readString(README);
        String script = "set -euo pipefail\n"
                + firstBashBlockUnder(readme, "## An order's life, with curl") + "\n"
                + firstBashBlockUnder(readme, "## Fulfilment: stock, payment and shipment") + "\n"
                + "echo \"ORDERS delivered=$id declined=$declined refused=$refused unrefunded=$unrefunded\"\n";
        Files.writeString(clone.resolve("walkthrough.sh"), script);
        Instant started = Instant.now();
        Process walkthrough = new ProcessBuilder("bash", "walkthrough.sh")
                .directory(clone.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(walkthrough.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(walkthrough.waitFor(5, TimeUnit.MINUTES)).isTrue();
        System.out.printf(
                "README walkthrough: ran in %d ms%n",
                Duration.between(started, Instant.now()).toMillis());
        assertThat(walkthrough.exitValue())
                .as("the walkthrough's exit status; it printed:%n%s", output)
                .isZero();

        Matcher ids = Pattern.compile("ORDERS delivered=(\\S+) declined=(\\S+) refused=(\\S+) unrefunded=(\\S+)")
                .matcher(output);
        assertThat(ids.find()).as(output).isTrue();
        String admin = "Bearer " + run("bin/dev-token", "admin", "readme-check");

        // The order ends delivered, its fulfilment completed, and the stock book shows the three units committed.
        assertThat(get("/orders/" + ids.group(1) + "/state", admin)
                        .path("status")
                        .asText())
                .isEqualTo("delivered");
        assertThat(get("/orders/" + ids.group(1) + "/fulfilment", admin)
                        .path("phase")
                        .asText())
                .isEqualTo("completed");
        JsonNode book = get("/stock/book", admin);
        assertThat(book.path("onHand").asLong()).as("10 received, 3 shipped").isEqualTo(7);
        assertThat(book.path("reserved").asLong())
                .as("nothing held by the cancelled, refunded and resolved orders")
                .isZero();

        // A declined payment cancels the order with its reason.
        JsonNode declined = get("/orders/" + ids.group(2) + "/state", admin);
        assertThat(declined.path("status").asText()).isEqualTo("cancelled");
        assertThat(declined.path("cancellationReason").asText()).isEqualTo("Payment declined: card declined");

        // A refused refund went to needs-attention; the retry refunded it (charged once, refunded once) and cancelled
        // it.
        JsonNode refused = get("/orders/" + ids.group(3) + "/fulfilment", admin);
        assertThat(refused.path("phase").asText()).isEqualTo("cancelled");
        assertThat(timelineTypes(refused)).contains("NeedsAttention", "CompensationRetried");
        String provider = Files.readString(clone.resolve("target/orderlog-dev/payment-provider.url"))
                .strip();
        JsonNode ledger = JSON.readTree(HTTP.send(
                        HttpRequest.newBuilder(URI.create(provider + "/simulator/charges?orderId=" + ids.group(3)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        assertThat(ledger.findValuesAsText("status")).containsExactlyInAnyOrder("approved", "refused", "refunded");
        // The resolved one: settled by hand, the stock it held released (the book above).
        JsonNode resolved = get("/orders/" + ids.group(4) + "/fulfilment", admin);
        assertThat(resolved.path("phase").asText()).isEqualTo("resolved");

        // The console's sign-in page answers, and the operator signs in with the dev password.
        assertThat(send(HttpRequest.newBuilder(API.resolve("/console/sign-in")).build())
                        .statusCode())
                .isEqualTo(200);
        String password = Files.readString(clone.resolve("target/orderlog-dev/console/operator.password"))
                .strip();
        HttpResponse<String> signIn = send(HttpRequest.newBuilder(API.resolve("/console/j_security_check"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.ofString(
                        form(Map.of("j_username", "operator", "j_password", password))))
                .build());
        assertThat(signIn.statusCode()).isEqualTo(302);
        assertThat(signIn.headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/console"));
        String session = signIn.headers().allValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith("orderlog-console="))
                .map(cookie -> cookie.substring(0, cookie.indexOf(';')))
                .findFirst()
                .orElseThrow();
        HttpResponse<String> console = send(HttpRequest.newBuilder(API.resolve("/console/projections"))
                .header("Cookie", session)
                .build());
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.body()).contains("Projections");

        assertThat(unexpectedWarningsAndErrors())
                .as("ERROR and WARN lines of dev mode's log the walkthrough did not provoke")
                .isEmpty();

        // Stopped as a user stops it: promptly, the application before the databases under it, and quietly.
        Instant stopping = Instant.now();
        stopDevMode();
        System.out.printf(
                "README walkthrough: dev mode stopped in %d ms%n",
                Duration.between(stopping, Instant.now()).toMillis());
        assertThat(Files.readString(devLog)).contains("orderlog stopped in");
        assertThat(unexpectedWarningsAndErrors())
                .as("ERROR and WARN lines of dev mode's log, its stop included")
                .isEmpty();
    }

    private static List<String> timelineTypes(JsonNode fulfilment) {
        List<String> types = new ArrayList<>();
        fulfilment
                .path("timeline")
                .forEach(entry -> types.add(entry.path("type").asText()));
        return types;
    }

    private static List<String> unexpectedWarningsAndErrors() throws IOException {
        return Files.readAllLines(devLog).stream()
                .filter(line -> LOG_LINE.matcher(line).matches())
                .filter(line -> PROVOKED.stream()
                        .noneMatch(provoked -> provoked.matcher(line).matches()))
                .toList();
    }

    static String firstBashBlockUnder(String markdown, String heading) {
        int section = markdown.indexOf("\n" + heading + "\n");
        assertThat(section).as("README section %s", heading).isNotNegative();
        int open = markdown.indexOf("```bash\n", section);
        int nextSection = markdown.indexOf("\n## ", section + 1);
        assertThat(open)
                .as("a bash block in %s", heading)
                .isBetween(section, nextSection < 0 ? markdown.length() : nextSection);
        int body = open + "```bash\n".length();
        return markdown.substring(body, markdown.indexOf("```\n", body));
    }

    private static Path freshCopyOfTheWorkingTree() throws IOException, InterruptedException {
        Path copy = Path.of("target", "readme-walkthrough").toAbsolutePath();
        if (Files.exists(copy)) {
            run("rm", "-rf", copy.toString());
        }
        Files.createDirectories(copy);
        // What a clone holds: the tracked files, and new ones not ignored yet (a change under way), nothing built.
        String files = run("git", "ls-files", "--cached", "--others", "--exclude-standard", "-z");
        for (String file : files.split("\0")) {
            Path source = Path.of(file);
            if (file.isEmpty() || !Files.isRegularFile(source)) {
                continue;
            }
            Path target = copy.resolve(file);
            Files.createDirectories(target.getParent());
            Files.copy(source, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
        return copy;
    }

    private static void waitFor(Pattern line, Duration atMost) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(atMost);
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(devLog)
                    && Files.readAllLines(devLog, StandardCharsets.UTF_8).stream()
                            .anyMatch(text -> line.matcher(text).find())) {
                return;
            }
            if (!devMode.isAlive()) {
                throw new AssertionError("./mvnw quarkus:dev ended (" + devMode.exitValue() + "):\n" + tail(devLog));
            }
            Thread.sleep(500);
        }
        throw new AssertionError("./mvnw quarkus:dev not ready within " + atMost + ":\n" + tail(devLog));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .directory(clone == null ? null : clone.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(Arrays.toString(command) + " failed: " + out);
        }
        return out.strip();
    }

    private static JsonNode get(String path, String authorization) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(API.resolve(path))
                .header("Authorization", authorization)
                .build());
        assertThat(response.statusCode())
                .as("GET %s: %s", path, response.body())
                .isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(field -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
