package dev.orderlog.platform.tracing;

import static dev.orderlog.fulfilment.FulfilmentApi.awaitPhase;
import static dev.orderlog.fulfilment.FulfilmentApi.customer;
import static dev.orderlog.fulfilment.FulfilmentApi.placeOrder;
import static dev.orderlog.fulfilment.FulfilmentApi.provider;
import static dev.orderlog.fulfilment.FulfilmentApi.receive;
import static dev.orderlog.fulfilment.FulfilmentApi.sku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderlog.TestTokens;
import dev.orderlog.fulfilment.FulfilmentProfile;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * One order's life as one trace: the placing request, its append, the projection and the process that receive the
 * event through their persistent subscriptions, the provider call, and, across the provider's webhook, the next step.
 */
@QuarkusTest
@TestProfile(FulfilmentProfile.class)
class OrderTraceTest {
    @Inject
    RecentSpans exported;

    @Test
    void anOrdersLifeIsOneTraceAcrossTheSubscriptionsAndTheWebhook() {
        String book = sku();
        receive(book, 5);
        String customer = customer();
        // The charge stays pending until the provider's webhook approves it: the payment goes on from the webhook.
        provider("customers", customer, "{\"charge\":\"PENDING\",\"delayMillis\":300}");
        String orderId = placeOrder(customer, Map.of(book, 1));
        awaitPhase(orderId, "awaiting-shipment");

        SpanData placing = awaitSpan(span -> span.getKind() == SpanKind.SERVER
                && span.getName().endsWith("/place")
                && String.valueOf(span.getAttributes().asMap().values()).contains(orderId));
        String trace = placing.getTraceId();
        SpanData placedAppend = awaitSpan(
                appendTo("order-" + orderId).and(span -> span.getTraceId().equals(trace)));
        assertThat(ancestorsOf(placedAppend)).contains(placing);
        // An operator finds the trace from the order's audit trail.
        String shownTrace = TestTokens.given()
                .get("/orders/" + orderId + "/events")
                .then()
                .statusCode(200)
                .extract()
                .path("find { it.type == 'OrderPlaced' }.metadata.traceId");
        assertThat(shownTrace).isEqualTo(trace);

        // Across the subscription boundary: each consumer handles the event as a child of the span that appended it.
        SpanData projected = awaitSpan(named("order-read-model OrderPlaced").and(about("order-" + orderId)));
        SpanData processed = awaitSpan(named("fulfilment-process OrderPlaced").and(about("order-" + orderId)));
        for (SpanData consumer : List.of(projected, processed)) {
            assertThat(consumer.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(consumer.getTraceId()).isEqualTo(trace);
            assertThat(consumer.getParentSpanId()).isEqualTo(placedAppend.getSpanId());
        }

        // The process's steps, the provider call among them, stay in the trace.
        SpanData charge = awaitSpan(span -> span.getKind() == SpanKind.CLIENT
                && span.getTraceId().equals(trace)
                && String.valueOf(span.getAttributes().asMap().values()).contains("/v1/charges"));
        assertThat(ancestorsOf(charge)).contains(processed);

        // Across the webhook: the provider's request starts a trace of its own; its work continues the order's, from
        // the step that asked for the charge, and links back to the request.
        SpanData webhook =
                awaitSpan(named("payment webhook").and(span -> span.getTraceId().equals(trace)));
        SpanData request = awaitSpan(span -> span.getKind() == SpanKind.SERVER
                && span.getName().contains("/webhooks/payments")
                && span.getSpanId()
                        .equals(webhook.getLinks().getFirst().getSpanContext().getSpanId()));
        assertThat(request.getTraceId()).isNotEqualTo(trace);
        SpanData askedForTheCharge = spanWithId(webhook.getParentSpanId()).orElseThrow();
        assertThat(askedForTheCharge.getName()).isEqualTo("append fulfilment");
        assertThat(askedForTheCharge.getAttributes().asMap().toString()).contains("fulfilment-" + orderId);
        assertThat(ancestorsOf(askedForTheCharge)).contains(processed);

        // The next step, the payment confirmed on the order, is the webhook's child.
        SpanData confirmed = awaitSpan(appendTo("order-" + orderId)
                .and(span -> ancestorsOf(span).contains(webhook))
                .and(span -> ancestorsOf(span).stream().anyMatch(named("fulfilment ConfirmPaymentOnOrder"))));
        assertThat(confirmed.getTraceId()).isEqualTo(trace);
        assertThat(ancestorsOf(confirmed)).contains(placing);
    }

    private static Predicate<SpanData> named(String name) {
        return span -> span.getName().equals(name);
    }

    private static Predicate<SpanData> about(String stream) {
        return span -> stream.equals(span.getAttributes().asMap().entrySet().stream()
                .filter(attribute -> attribute.getKey().getKey().equals("db.kurrentdb.stream"))
                .map(attribute -> String.valueOf(attribute.getValue()))
                .findFirst()
                .orElse(null));
    }

    private static Predicate<SpanData> appendTo(String stream) {
        return named("append " + stream.substring(0, stream.indexOf('-')))
                .and(about(stream))
                .and(span -> span.getKind() == SpanKind.CLIENT);
    }

    private SpanData awaitSpan(Predicate<SpanData> wanted) {
        return await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> exported.all().stream().filter(wanted).findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    private Optional<SpanData> spanWithId(String spanId) {
        return exported.all().stream()
                .filter(span -> span.getSpanId().equals(spanId))
                .findFirst();
    }

    /** The span's parent, its parent's parent, and so on, as far as they were exported. */
    private List<SpanData> ancestorsOf(SpanData span) {
        List<SpanData> ancestors = new ArrayList<>();
        Optional<SpanData> parent = spanWithId(span.getParentSpanId());
        while (parent.isPresent()) {
            ancestors.add(parent.get());
            parent = spanWithId(parent.get().getParentSpanId());
        }
        return ancestors;
    }
}
