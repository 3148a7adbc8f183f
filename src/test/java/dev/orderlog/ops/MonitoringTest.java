package dev.orderlog.ops;

import static dev.orderlog.fulfilment.FulfilmentApi.as;
import static dev.orderlog.fulfilment.FulfilmentApi.awaitPhase;
import static dev.orderlog.fulfilment.FulfilmentApi.customer;
import static dev.orderlog.fulfilment.FulfilmentApi.placeOrder;
import static dev.orderlog.fulfilment.FulfilmentApi.provider;
import static dev.orderlog.fulfilment.FulfilmentApi.receive;
import static dev.orderlog.fulfilment.FulfilmentApi.sku;
import static dev.orderlog.ops.OperationsTest.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderlog.integration.IntegrationProfile;
import dev.orderlog.platform.tracing.RecentSpans;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The alerts and the dashboard in k8s/ watch what Orderlog exports: every metric their PromQL names (read by the
 * manifest check's parser) is on /q/metrics once an order has gone through, or is listed as another exporter's. With
 * tracing on, the provider's latency buckets carry exemplars that name the calls' traces. Every feature runs here, the
 * integration publisher among them.
 */
@QuarkusTest
@TestProfile(IntegrationProfile.class)
class MonitoringTest {
    private static final List<Path> WATCHING =
            List.of(Path.of("k8s/orderlog-alerts.yaml"), Path.of("k8s/orderlog-dashboard.yaml"));
    private static final Pattern EXEMPLAR = Pattern.compile(
            "(?m)^orderlog_payment_provider_calls_seconds_bucket\\{[^}]*\\} \\S+ # \\{[^}]*trace_id=\"([0-9a-f]{32})\"");

    @Inject
    RecentSpans exported;

    @Test
    void everyMetricTheAlertsAndTheDashboardNameIsExported() throws Exception {
        ManifestTools.installed();
        List<String> named = metricNames();
        assertThat(named).as("the parser found the alerts' metrics").contains("orderlog_projection_lag_seconds");
        Set<String> external = externalMetrics();

        goThroughAnOrder();
        String exported = OperationsTest.management()
                .accept("text/plain")
                .get("/q/metrics")
                .asString();
        List<String> missing = named.stream()
                .filter(name -> !external.contains(name))
                .filter(name -> !Pattern.compile("(?m)^" + Pattern.quote(name) + "[{ ]")
                        .matcher(exported)
                        .find())
                .toList();
        assertThat(missing).as("named by k8s/ but not on /q/metrics").isEmpty();
    }

    @Test
    void theProvidersLatencyBucketsNameTheTracesOfTheirCalls() {
        goThroughAnOrder();
        String openMetrics = OperationsTest.management()
                // What Prometheus sends when told to scrape OpenMetrics only (k8s/orderlog-servicemonitor.yaml).
                .header("Accept", "application/openmetrics-text;version=1.0.0;escaping=underscores;q=0.6,*/*;q=0.5")
                .get("/q/metrics")
                .asString();
        Matcher exemplar = EXEMPLAR.matcher(openMetrics);
        assertThat(exemplar.find())
                .as("an exemplar on the provider's latency buckets")
                .isTrue();
        String traceId = exemplar.group(1);
        assertThat(exported.all()).anyMatch(span -> span.getTraceId().equals(traceId));
    }

    @Test
    void refusalsProviderFailuresAndOrdersAreCounted() {
        double forged = metric("orderlog_payment_webhooks_refused_total", "");
        double untrusted = metric("orderlog_api_sign_ins_refused_total", "");
        double failedCharges =
                metric("orderlog_payment_provider_calls_seconds_count", "operation=\"charge\",outcome=\"error\"");
        double placed = metric("orderlog_orders_placed_total", "");
        double cancelledByCustomers = metric("orderlog_orders_cancelled_total", "reason=\"customer\"");

        RestAssured.given()
                .contentType(ContentType.JSON)
                .header("X-Signature", "t=1,v1=" + "0".repeat(64))
                .body("{}")
                .post("/webhooks/payments")
                .then()
                .statusCode(401);
        RestAssured.given().get("/stock/sku-anyone").then().statusCode(401);
        String book = sku();
        receive(book, 2);
        String customer = customer();
        // The provider fails more often than the client retries: the charge has no outcome, to be tried again later.
        provider("customers", customer, "{\"charge\":\"FAIL_TRANSIENTLY\",\"failures\":3}");
        String orderId = placeOrder(customer, Map.of(book, 1));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> metric(
                                "orderlog_payment_provider_calls_seconds_count",
                                "operation=\"charge\",outcome=\"error\"")
                        > failedCharges);
        as(customer).body("{\"reason\":\"changed my mind\"}").post("/orders/" + orderId + "/cancel");

        assertThat(metric("orderlog_payment_webhooks_refused_total", "")).isEqualTo(forged + 1);
        assertThat(metric("orderlog_api_sign_ins_refused_total", "")).isEqualTo(untrusted + 1);
        assertThat(metric("orderlog_orders_placed_total", "")).isEqualTo(placed + 1);
        assertThat(metric("orderlog_orders_cancelled_total", "reason=\"customer\""))
                .isEqualTo(cancelledByCustomers + 1);
    }

    private static void goThroughAnOrder() {
        String book = sku();
        receive(book, 2);
        awaitPhase(placeOrder(customer(), Map.of(book, 1)), "awaiting-shipment");
    }

    private static List<String> metricNames() throws IOException, InterruptedException {
        List<String> command = Stream.concat(
                        Stream.of(
                                "node",
                                ManifestTools.TOOL.resolve("metric-names.mjs").toString()),
                        WATCHING.stream().map(Path::toString))
                .toList();
        ManifestTools.Run names = ManifestTools.run(Path.of("."), command);
        assertThat(names.exit()).as(names.output()).isZero();
        return names.output()
                .lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .toList();
    }

    private static Set<String> externalMetrics() throws IOException {
        return Files.readAllLines(ManifestTools.TOOL.resolve("external-metrics.txt")).stream()
                .map(line -> line.replaceFirst("#.*", "").strip())
                .filter(name -> !name.isEmpty())
                .collect(Collectors.toSet());
    }
}
