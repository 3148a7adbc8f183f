package dev.orderlog.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.orderlog.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every request is answered promptly, whatever its path: matrix parameters, encoded characters and dot segments, on
 * the console and the API, signed in or not. Sent over a raw socket, so nothing normalises the path on the way.
 */
@QuarkusTest
class HostileRequestsTest {
    private static final Duration PROMPTLY = Duration.ofSeconds(3);

    @TestHTTPResource("/")
    URL root;

    @Test
    void everyPathIsAnsweredPromptlySignedOut() throws IOException {
        List<String> slowOrUnanswered = new ArrayList<>();
        for (String path : List.of(
                "/console;x/projections",
                "/console;x",
                "/console;x/",
                "/console;/projections",
                "/console;x/console/sign-in",
                "/console/%2e%2e/orders",
                "/console/./projections",
                "/console//projections",
                "/%2e/console/projections",
                "/console%2fprojections",
                "/console/projections;x",
                "/console/assets;x/console.css",
                "/console/sign-in;x",
                "/orders;x",
                "/orders/x;y/events",
                "/q/health;x",
                "/console/projections/%2e%2e/%2e%2e/orders",
                "/console/%00",
                "/console/..%2f..%2forders",
                "/;/console/projections")) {
            String answer = firstLine("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            if (answer == null) {
                slowOrUnanswered.add(path);
            }
        }
        assertThat(slowOrUnanswered)
                .as("paths not answered within %s", PROMPTLY)
                .isEmpty();
    }

    @Test
    void matrixParametersAreRefusedWith400ProblemJsonSignedInOrNot() {
        for (String path :
                List.of("/console/projections;x", "/console;x/projections", "/orders;x", "/console/sign-in;x")) {
            RestAssured.given()
                    .urlEncodingEnabled(false)
                    .redirects()
                    .follow(false)
                    .header("X-Correlation-Id", "hostile-1")
                    .get(path)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", containsString("matrix-parameters"))
                    .body("correlationId", equalTo("hostile-1"));
            TestTokens.given()
                    .urlEncodingEnabled(false)
                    .get(path)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
    }

    @Test
    void skusAUrlWouldNormaliseAreRefusedWhereTheyEnter() {
        String order = TestTokens.given()
                .contentType(ContentType.JSON)
                .body("{\"customerId\":\"c-dots\",\"currency\":\"EUR\"}")
                .post("/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        for (String sku : List.of(".", "..", "a/b", "%2e%2e")) {
            TestTokens.given()
                    .contentType(ContentType.JSON)
                    .body("{\"sku\":\"" + sku
                            + "\",\"quantity\":1,\"unitPrice\":{\"amountMinor\":1,\"currency\":\"EUR\"}}")
                    .post("/orders/" + order + "/lines")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        TestTokens.given()
                .contentType(ContentType.JSON)
                .body("{\"sku\":\"a.b\",\"quantity\":1,\"unitPrice\":{\"amountMinor\":1,\"currency\":\"EUR\"}}")
                .post("/orders/" + order + "/lines")
                .then()
                .statusCode(200);
        TestTokens.given()
                .get("/orders/" + order + "/events")
                .then()
                .statusCode(200)
                .body("size()", equalTo(2));
    }

    @Test
    void aQueryParameterOfTheWrongTypeIs400NotAMissingResource() {
        TestTokens.given()
                .get("/orders?limit=abc")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("wrong type"));
        TestTokens.given()
                .get("/admin/fulfilment?limit=1e9")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void aCurrencyIsAnIso4217CodeNotAnyThreeCapitals() {
        TestTokens.given()
                .contentType(ContentType.JSON)
                .body("{\"customerId\":\"c-money\",\"currency\":\"ABC\"}")
                .post("/orders")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body(containsString("ISO 4217"));
        String order = TestTokens.given()
                .contentType(ContentType.JSON)
                .body("{\"customerId\":\"c-money\",\"currency\":\"JPY\"}")
                .post("/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        TestTokens.given()
                .contentType(ContentType.JSON)
                .body("{\"sku\":\"pen\",\"quantity\":1,\"unitPrice\":{\"amountMinor\":1,\"currency\":\"XYZ\"}}")
                .post("/orders/" + order + "/lines")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        TestTokens.given()
                .get("/orders/" + order + "/events")
                .then()
                .statusCode(200)
                .body("size()", equalTo(1));
    }

    @Test
    void anUnforeseenFailureIs500ProblemJsonWithTheCorrelationIdAndNoInternals() {
        String body = RestAssured.given()
                .header("X-Correlation-Id", "hostile-500")
                .get(FailingRoutes.PATH)
                .then()
                .statusCode(500)
                .contentType("application/problem+json")
                .header("X-Correlation-Id", "hostile-500")
                .body("status", equalTo(500))
                .body("correlationId", equalTo("hostile-500"))
                .extract()
                .asString();
        assertThat(body)
                .doesNotContain(FailingRoutes.INTERNALS)
                .doesNotContain("IllegalStateException")
                .doesNotContain("stack");
    }

    /**
     * A body that never comes is answered 408 at the deadline (the idle timeout is longer), and a client that hangs up
     * in the middle of its body is nobody's failure: neither leaves an ERROR or WARN for operators.
     */
    @Test
    void aStalledBodyIsAnswered408AndAClientHangingUpIsNotAnError() throws Exception {
        String headers =
                "POST /orders HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 200\r\n"
                        + "Authorization: Bearer " + TestTokens.adminToken() + "\r\n\r\n";
        try (Socket hangingUp = new Socket(root.getHost(), root.getPort())) {
            hangingUp.getOutputStream().write((headers + "{\"customerId\":").getBytes(StandardCharsets.ISO_8859_1));
            Thread.sleep(300);
        }
        String answer;
        Instant started = Instant.now();
        try (Socket stalled = new Socket(root.getHost(), root.getPort())) {
            stalled.setSoTimeout(20_000);
            stalled.getOutputStream().write(headers.getBytes(StandardCharsets.ISO_8859_1));
            answer = new String(stalled.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        Duration cut = Duration.between(started, Instant.now());
        assertThat(answer).startsWith("HTTP/1.1 408").contains("application/problem+json");
        assertThat(cut).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(12));
        Thread.sleep(500);
        String log = java.nio.file.Files.readString(java.nio.file.Path.of("target", "quarkus-test.log"));
        assertThat(log)
                .doesNotContain("Response has already been written")
                .doesNotContain("Unexpected failure of POST /orders");
    }

    @Test
    void aBodySentAByteASecondIsCutAtTheDeadlineAndASilentConnectionAtTheIdleTimeout() throws Exception {
        try (Socket slowBody = new Socket(root.getHost(), root.getPort());
                Socket silent = new Socket(root.getHost(), root.getPort())) {
            slowBody.setSoTimeout(1_000);
            silent.setSoTimeout(1_000);
            Instant started = Instant.now();
            slowBody.getOutputStream()
                    .write(
                            ("POST /orders HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 200\r\n"
                                            + "Authorization: Bearer " + TestTokens.adminToken() + "\r\n\r\n")
                                    .getBytes(StandardCharsets.ISO_8859_1));
            silent.getOutputStream().write("GET /orders HTTP/1.1\r\nHost: local".getBytes(StandardCharsets.ISO_8859_1));
            Duration slowCut = null;
            Duration silentCut = null;
            StringBuilder slowAnswer = new StringBuilder();
            while ((slowCut == null || silentCut == null)
                    && Duration.between(started, Instant.now()).compareTo(Duration.ofSeconds(25)) < 0) {
                if (slowCut == null) {
                    try {
                        if (slowAnswer.isEmpty()) {
                            // Only until the answer begins: writing on to a closed connection would reset it and lose
                            // the answer.
                            slowBody.getOutputStream().write('{');
                        }
                        int read = slowBody.getInputStream().read();
                        if (read < 0) {
                            slowCut = Duration.between(started, Instant.now());
                        } else {
                            slowAnswer.append((char) read);
                        }
                    } catch (java.net.SocketTimeoutException stillOpen) {
                        // a byte a second, as a slow client sends
                    } catch (IOException closed) {
                        slowCut = Duration.between(started, Instant.now());
                    }
                }
                if (silentCut == null) {
                    try {
                        if (silent.getInputStream().read() < 0) {
                            silentCut = Duration.between(started, Instant.now());
                        }
                    } catch (java.net.SocketTimeoutException stillOpen) {
                        // nothing sent, nothing answered yet
                    } catch (IOException closed) {
                        silentCut = Duration.between(started, Instant.now());
                    }
                }
            }
            System.out.printf(
                    "Slow clients: a body at a byte a second cut after %s (answer %s), a silent connection after %s%n",
                    slowCut, slowAnswer.toString().lines().findFirst().orElse("none"), silentCut);
            assertThat(slowCut)
                    .as("the slow body is cut")
                    .isNotNull()
                    .isBetween(Duration.ofSeconds(9), Duration.ofSeconds(15));
            assertThat(slowAnswer.toString()).startsWith("HTTP/1.1 408");
            assertThat(silentCut)
                    .as("the silent connection is closed")
                    .isNotNull()
                    .isBetween(Duration.ofSeconds(9), Duration.ofSeconds(15));
            // The REST layer, still reading the cut body, fails after the 408: expected, and not an error for
            // operators.
            Thread.sleep(500);
            assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("target", "quarkus-test.log")))
                    .doesNotContain("Response has already been written");
        }
    }

    /**
     * Headers sent a byte a second are cut at the header deadline with a 408, though no pause between bytes comes near
     * the idle timeout; a kept-alive connection between requests is closed without a word.
     */
    @Test
    void headersSentAByteASecondAreCutAtTheDeadline() throws Exception {
        byte[] request = ("GET /orders?limit=1 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                        + TestTokens.adminToken() + "\r\nX-Padding: " + "x".repeat(40) + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        Instant started = Instant.now();
        Trickled trickled;
        try (Socket trickle = new Socket(root.getHost(), root.getPort())) {
            trickled = trickle(trickle, new byte[0], request);
        }
        Duration cut = Duration.between(started, trickled.cutAt());
        System.out.printf(
                "Slow clients: headers at a byte a second cut after %s (answer %s)%n",
                cut, trickled.answer().lines().findFirst().orElse("none"));
        assertThat(cut).as("the trickled headers are cut").isBetween(Duration.ofSeconds(9), Duration.ofSeconds(15));
        assertThat(trickled.answer())
                .startsWith("HTTP/1.1 408")
                .contains("application/problem+json")
                .contains("request-too-slow");
    }

    @Test
    void aKeptAliveConnectionServesRequestsAndIsClosedQuietlyWhenIdle() throws Exception {
        String request = "GET /orders?limit=1 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + TestTokens.adminToken() + "\r\n\r\n";
        try (Socket keptAlive = new Socket(root.getHost(), root.getPort())) {
            keptAlive.setSoTimeout(20_000);
            InputStream in = keptAlive.getInputStream();
            for (int round = 0; round < 3; round++) {
                keptAlive.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                assertThat(readResponseHead(in)).startsWith("HTTP/1.1 200");
                Thread.sleep(
                        round == 1 ? 6_000 : 100); // over half the deadline between requests: each request has its own
            }
            Instant idleFrom = Instant.now();
            byte[] afterIdle = in.readAllBytes();
            assertThat(afterIdle)
                    .as("nothing is sent to a connection that is merely idle")
                    .isEmpty();
            assertThat(Duration.between(idleFrom, Instant.now()))
                    .isBetween(Duration.ofSeconds(9), Duration.ofSeconds(15));
        }
    }

    /** A later request on a kept-alive connection has the same deadline for its headers, from the exchange before. */
    @Test
    void aLaterRequestsHeadersSentSlowlyAreCutToo() throws Exception {
        String first = "GET /orders?limit=1 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + TestTokens.adminToken() + "\r\n\r\n";
        try (Socket keptAlive = new Socket(root.getHost(), root.getPort())) {
            keptAlive.getOutputStream().write(first.getBytes(StandardCharsets.ISO_8859_1));
            assertThat(readResponseHead(keptAlive.getInputStream())).startsWith("HTTP/1.1 200");
            Instant answered = Instant.now();
            Thread.sleep(3_000);
            Trickled trickled = trickle(keptAlive, new byte[0], first.getBytes(StandardCharsets.ISO_8859_1));
            assertThat(Duration.between(answered, trickled.cutAt()))
                    .isBetween(Duration.ofSeconds(9), Duration.ofSeconds(13));
            assertThat(trickled.answer()).startsWith("HTTP/1.1 408").contains("request-too-slow");
        }
    }

    /** Answered before its body is in (401 here), a body still trickling in is cut all the same. */
    @Test
    void aBodyStillComingAfterAnEarlyAnswerIsCut() throws Exception {
        byte[] head = ("POST /orders HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 200\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        try (Socket unauthenticated = new Socket(root.getHost(), root.getPort())) {
            Instant started = Instant.now();
            Trickled trickled = trickle(unauthenticated, head, "{".repeat(200).getBytes(StandardCharsets.ISO_8859_1));
            assertThat(trickled.answer()).startsWith("HTTP/1.1 401");
            assertThat(Duration.between(started, trickled.cutAt()))
                    .isBetween(Duration.ofSeconds(9), Duration.ofSeconds(15));
        }
    }

    /** A body sent in chunks, a byte at a time, is answered 408 at the deadline like any other. */
    @Test
    void aChunkedBodySentSlowlyIsAnswered408() throws Exception {
        byte[] head = ("POST /orders HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\nAuthorization: Bearer " + TestTokens.adminToken() + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        try (Socket chunked = new Socket(root.getHost(), root.getPort())) {
            Instant started = Instant.now();
            Trickled trickled = trickle(chunked, head, "1\r\n{\r\n".repeat(50).getBytes(StandardCharsets.ISO_8859_1));
            assertThat(trickled.answer()).startsWith("HTTP/1.1 408").contains("application/problem+json");
            assertThat(Duration.between(started, trickled.cutAt()))
                    .isBetween(Duration.ofSeconds(9), Duration.ofSeconds(13));
        }
        Thread.sleep(500);
        assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("target", "quarkus-test.log")))
                .doesNotContain("Unexpected failure of POST /orders");
    }

    /** The HTTP/2 preface on the HTTP/1.1 port is a bad request, not an error for operators to chase. */
    @Test
    void anHttp2PrefaceIsABadRequestAndNoError() throws Exception {
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            assertThat(answer).matches("HTTP/\\d\\.\\d 4\\d\\d");
        }
        Thread.sleep(500);
        assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("target", "quarkus-test.log")))
                .doesNotContain("HTTP Request to * failed");
    }

    /**
     * The first bytes of the next request, come while the one before is still being answered (a long wait here), start
     * its clock all the same: left half sent, it is answered 408 when its headers are due.
     */
    @Test
    void aPipelinedRequestLeftHalfSentIsAnswered408() throws Exception {
        String waiting = "GET /orders/" + java.util.UUID.randomUUID() + "?minRevision=0 HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + TestTokens.adminToken() + "\r\n\r\n";
        try (Socket pipelined = new Socket(root.getHost(), root.getPort())) {
            pipelined.setSoTimeout(30_000);
            pipelined.getOutputStream().write(waiting.getBytes(StandardCharsets.ISO_8859_1));
            Thread.sleep(300);
            pipelined.getOutputStream().write("GET /orders HTTP/1.1\r\nHo".getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = pipelined.getInputStream();
            assertThat(readResponseHead(in)).startsWith("HTTP/1.1 404");
            Instant answered = Instant.now();
            String rest = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(rest).startsWith("HTTP/1.1 408").contains("request-too-slow");
            assertThat(Duration.between(answered, Instant.now()))
                    .isBetween(Duration.ofSeconds(9), Duration.ofSeconds(12));
        }
    }

    /** What the HTTP layer cannot read is answered problem+json, with the headers every answer carries. */
    @Test
    void unreadableRequestsAreAnsweredProblemJson() throws Exception {
        assertThat(answerTo("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n"))
                .startsWith("HTTP/1.1 414")
                .contains("application/problem+json")
                .contains("X-Content-Type-Options: nosniff");
        assertThat(answerTo("GET /orders HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(30_000) + "\r\n\r\n"))
                .startsWith("HTTP/1.1 431")
                .contains("application/problem+json");
        assertThat(answerTo("this is not http\r\n\r\n"))
                .startsWith("HTTP/1.1 400")
                .contains("malformed-request");
    }

    /**
     * The management port also speaks cleartext HTTP/2, where the header clock cannot follow requests: it keeps to its
     * idle timeout, and an answered connection left idle is closed without a stray 408.
     */
    @Test
    void theManagementPortClosesAnIdleConnectionQuietly() throws Exception {
        int port = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.management.test-port", Integer.class);
        try (Socket socket = new Socket(root.getHost(), port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream()
                    .write("GET /q/health/live HTTP/1.1\r\nHost: localhost\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            assertThat(readResponseHead(in)).startsWith("HTTP/1.1 200");
            Instant answered = Instant.now();
            assertThat(in.readAllBytes())
                    .as("nothing more is sent on an idle connection")
                    .isEmpty();
            assertThat(Duration.between(answered, Instant.now()))
                    .isBetween(Duration.ofSeconds(11), Duration.ofSeconds(15));
        }
    }

    private String answerTo(String request) throws IOException {
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            StringBuilder answer = new StringBuilder();
            try {
                for (int next = socket.getInputStream().read();
                        next >= 0;
                        next = socket.getInputStream().read()) {
                    answer.append((char) next);
                }
            } catch (java.net.SocketTimeoutException stillOpen) {
                throw new AssertionError("not closed within 5 s after answering: " + answer);
            }
            return answer.toString();
        }
    }

    private record Trickled(String answer, Instant cutAt) {}

    /**
     * Sends {@code head} at once, then {@code slowly} a byte a second until the answer begins (writing on to a closed
     * connection would reset it and lose the answer); returns the answer and when the connection was closed.
     */
    private static Trickled trickle(Socket socket, byte[] head, byte[] slowly) throws IOException {
        socket.setSoTimeout(1_000);
        socket.getOutputStream().write(head);
        StringBuilder answer = new StringBuilder();
        Instant giveUp = Instant.now().plusSeconds(25);
        int sent = 0;
        while (Instant.now().isBefore(giveUp)) {
            try {
                if (answer.isEmpty() && sent < slowly.length) {
                    socket.getOutputStream().write(slowly[sent++]);
                }
                int read = socket.getInputStream().read();
                if (read < 0) {
                    return new Trickled(answer.toString(), Instant.now());
                }
                answer.append((char) read);
            } catch (java.net.SocketTimeoutException stillOpen) {
                // a byte a second
            } catch (IOException closed) {
                return new Trickled(answer.toString(), Instant.now());
            }
        }
        throw new AssertionError("not cut within 25 s; answered so far: " + answer);
    }

    /** Reads one response whose body has a Content-Length, and returns its head. */
    private static String readResponseHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("closed after " + head);
            }
            head.append((char) next);
        }
        long length = head.toString()
                .lines()
                .filter(line -> line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:"))
                .mapToLong(line ->
                        Long.parseLong(line.substring(line.indexOf(':') + 1).strip()))
                .findFirst()
                .orElseThrow();
        in.readNBytes((int) length);
        return head.toString();
    }

    @Test
    void aLongWaitTheServiceMakesIsNotCut() {
        long started = System.nanoTime();
        TestTokens.given()
                .get("/orders/" + java.util.UUID.randomUUID() + "?minRevision=0")
                .then()
                .statusCode(404);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    /** The first line of the answer, or null when none came in time. */
    private String firstLine(String request) throws IOException {
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout((int) PROMPTLY.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            Instant started = Instant.now();
            StringBuilder line = new StringBuilder();
            try {
                for (int next = in.read(); next >= 0 && next != '\n'; next = in.read()) {
                    line.append((char) next);
                }
            } catch (java.net.SocketTimeoutException unanswered) {
                return null;
            }
            return Duration.between(started, Instant.now()).compareTo(PROMPTLY) > 0 || line.isEmpty()
                    ? null
                    : line.toString().strip();
        }
    }
}
