package dev.orderlog.ops;

import static dev.orderlog.fulfilment.FulfilmentApi.awaitPhase;
import static dev.orderlog.fulfilment.FulfilmentApi.customer;
import static dev.orderlog.fulfilment.FulfilmentApi.placeOrder;
import static dev.orderlog.fulfilment.FulfilmentApi.receive;
import static dev.orderlog.fulfilment.FulfilmentApi.sku;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderlog.integration.IntegrationProfile;
import dev.orderlog.platform.tracing.RecentSpans;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
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
    private static final Path TOOL = Path.of("tools/manifest-check");
    private static final List<Path> WATCHING =
            List.of(Path.of("k8s/orderlog-alerts.yaml"), Path.of("k8s/orderlog-dashboard.yaml"));
    private static final Pattern EXEMPLAR = Pattern.compile(
            "(?m)^orderlog_payment_provider_calls_seconds_bucket\\{[^}]*\\} \\S+ # \\{[^}]*trace_id=\"([0-9a-f]{32})\"");

    @Inject
    RecentSpans exported;

    @Test
    void everyMetricTheAlertsAndTheDashboardNameIsExported() throws Exception {
        Assumptions.assumeTrue(
                Files.isDirectory(TOOL.resolve("node_modules")),
                "the PromQL parser is installed by ManifestSchemaTest");
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
                .accept("application/openmetrics-text; version=1.0.0; charset=utf-8")
                .get("/q/metrics")
                .asString();
        Matcher exemplar = EXEMPLAR.matcher(openMetrics);
        assertThat(exemplar.find())
                .as("an exemplar on the provider's latency buckets")
                .isTrue();
        String traceId = exemplar.group(1);
        assertThat(exported.all()).anyMatch(span -> span.getTraceId().equals(traceId));
    }

    private static void goThroughAnOrder() {
        String book = sku();
        receive(book, 2);
        awaitPhase(placeOrder(customer(), Map.of(book, 1)), "awaiting-shipment");
    }

    private static List<String> metricNames() throws IOException, InterruptedException {
        List<String> command = Stream.concat(
                        Stream.of("node", TOOL.resolve("metric-names.mjs").toString()),
                        WATCHING.stream().map(Path::toString))
                .toList();
        Process names = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(names.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(names.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(names.exitValue()).as(output).isZero();
        return output.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private static Set<String> externalMetrics() throws IOException {
        return Files.readAllLines(TOOL.resolve("external-metrics.txt")).stream()
                .map(line -> line.replaceFirst("#.*", "").strip())
                .filter(name -> !name.isEmpty())
                .collect(Collectors.toSet());
    }
}
