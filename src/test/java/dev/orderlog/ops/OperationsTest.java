package dev.orderlog.ops;

import static dev.orderlog.TestTokens.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.orderlog.devservices.RunningDevServices;
import dev.orderlog.order.Orders;
import dev.orderlog.order.readmodel.RealPostgres;
import io.kurrent.dbclient.AppendToStreamOptions;
import io.kurrent.dbclient.EventDataBuilder;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.StreamState;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OperationsTest {
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Inject
    KurrentDBClient client;

    /** Operations endpoints answer on the management interface, not on the API's port. */
    static RequestSpecification management() {
        return given().port(ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class));
    }

    private static String status(String path) {
        return management().get(path).then().extract().path("status");
    }

    private static double metric(String name) {
        return metric(name, "");
    }

    /** The sum of a metric's series whose labels contain {@code labels} (all of them for ""), as /q/metrics has it now. */
    static double metric(String name, String labels) {
        String body = management()
                .accept("text/plain")
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})?\\s+([0-9.eE+-]+)$")
                .matcher(body);
        double sum = 0;
        while (matcher.find()) {
            if (labels.isEmpty()
                    || (matcher.group(1) != null && matcher.group(1).contains(labels))) {
                sum += Double.parseDouble(matcher.group(2));
            }
        }
        return sum;
    }

    @Test
    void theProbesReportTheDependenciesTheServiceNeeds() {
        await().atMost(Duration.ofSeconds(20)).until(() -> "UP".equals(status("/q/health/ready")));
        management()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.name", hasItems("kurrentdb", "projections", "Database connections health check"))
                .body("checks.find { it.name == 'projections' }.data.'order-read-model.status'", equalTo("running"))
                .body(
                        "checks.find { it.name == 'projections' }.data.'order-read-model.lagEvents'",
                        org.hamcrest.Matchers.matchesPattern("\\d+"));
        management().get("/q/health/live").then().statusCode(200);
        management()
                .get("/q/health/started")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'started' }.data.pendingMigrations", equalTo(0))
                .body("checks.find { it.name == 'started' }.data.subscriptionGroupsEnsured", equalTo(true));
    }

    @Test
    void readinessGoesDownWhileKurrentDbIsAwayAndComesBackByItself() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> "UP".equals(status("/q/health/ready")));
        RunningDevServices.invoke("stopKurrentDb");
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> "DOWN".equals(status("/q/health/ready")));
            management().get("/q/health/ready").then().statusCode(503);
        } finally {
            RunningDevServices.invoke("startKurrentDb");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "UP".equals(status("/q/health/ready")));
    }

    @Test
    void readinessGoesDownWhilePostgresqlIsAwayAndComesBackByItself() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> "UP".equals(status("/q/health/ready")));
        RealPostgres postgres = RealPostgres.onPort(
                URI.create(jdbcUrl.substring("jdbc:".length())).getPort());
        postgres.stop();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> "DOWN".equals(status("/q/health/ready")));
        } finally {
            postgres.start();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "UP".equals(status("/q/health/ready")));
    }

    @Test
    void commandsMoveTheAppendAndProjectionMetrics() {
        double appends = metric("orderlog_append_latency_seconds_count");
        double projected = metric("orderlog_projection_events_total");
        String id = given().contentType(ContentType.JSON)
                .body("{\"customerId\":\"c-metrics\",\"currency\":\"EUR\"}")
                .post("/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().get("/orders/" + id + "?minRevision=0").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> metric("orderlog_append_latency_seconds_count") > appends
                        && metric("orderlog_projection_events_total") > projected);
    }

    @Test
    void conflictsRetriesSnapshotsAndProjectionGaugesAreExported() throws Exception {
        double conflicts = metric("orderlog_commands_conflicts_total");
        double snapshots = metric("orderlog_snapshots_taken_total");
        String id = given().contentType(ContentType.JSON)
                .body("{\"customerId\":\"c-metrics\",\"currency\":\"EUR\"}")
                .post("/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        List<Thread> racers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int racer = i;
            racers.add(Thread.ofPlatform().start(() -> {
                for (int n = 0; n < 8; n++) {
                    given().contentType(ContentType.JSON)
                            .body("{\"sku\":\"s" + racer + "-" + n
                                    + "\",\"quantity\":1,\"unitPrice\":{\"amountMinor\":1,\"currency\":\"EUR\"}}")
                            .post("/orders/" + id + "/lines");
                }
            }));
        }
        for (Thread racer : racers) {
            racer.join();
        }
        // Commands of one instance take turns on a stream; a conflict comes from another writer, as another replica.
        long revision = Long.parseLong(given().get("/orders/" + id + "/state")
                .then()
                .statusCode(200)
                .extract()
                .header("ETag")
                .replace("\"", ""));
        client.appendToStream(
                        Orders.STREAMS.streamOf(id),
                        AppendToStreamOptions.get().streamState(StreamState.streamRevision(revision)),
                        EventDataBuilder.json(
                                        UUID.randomUUID(),
                                        "LineQuantityChanged",
                                        "{\"sku\":\"s0-0\",\"quantity\":3}".getBytes(StandardCharsets.UTF_8))
                                .metadataAsBytes("{\"eventVersion\":1}".getBytes(StandardCharsets.UTF_8))
                                .build())
                .get();
        given().contentType(ContentType.JSON)
                .body("{\"quantity\":4}")
                .put("/orders/" + id + "/lines/s0-0")
                .then()
                .statusCode(200)
                .header("ETag", "\"" + (revision + 2) + "\"");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> metric("orderlog_commands_conflicts_total") > conflicts
                        && metric("orderlog_snapshots_taken_total") > snapshots);
        assertThat(metric("orderlog_commands_retries_total")).isPositive();
        String exported = management()
                .accept("text/plain")
                .get("/q/metrics")
                .then()
                .extract()
                .asString();
        assertThat(exported)
                .contains(
                        "orderlog_projection_lag_events{projection=\"order-read-model\"",
                        "orderlog_projection_lag_seconds{projection=\"order-read-model\"",
                        "orderlog_projection_parked{projection=\"order-read-model\"",
                        "orderlog_projection_delivery_seconds{projection=\"order-read-model\",quantile=\"0.5\"",
                        "orderlog_projection_queueing_seconds_count{projection=\"order-read-model\"");
    }

    @Test
    void theOpenApiDocumentCoversTheApiAndItsProblemAnswers() {
        management()
                .accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("paths.keySet()", hasItems("/orders", "/orders/{id}/lines", "/orders/{id}", "/admin/projections"))
                .body("components.schemas.Problem.properties.type.format", equalTo("uri"))
                .body("paths.'/orders'.post.responses.'4XX'.content.keySet()", hasItems("application/problem+json"));
        management().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }

    @Test
    void theApiPortServesTheApiOnlyAndTheManagementPortTheOperationsEndpoints() {
        for (String operations : List.of("/q/metrics", "/q/health/ready", "/q/openapi")) {
            given().get(operations).then().statusCode(404);
            management().get(operations).then().statusCode(org.hamcrest.Matchers.oneOf(200, 503));
        }
    }
}
