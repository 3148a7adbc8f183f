package dev.orderlog.fulfilment;

import static dev.orderlog.fulfilment.FulfilmentApi.as;
import static dev.orderlog.fulfilment.FulfilmentApi.awaitPhase;
import static dev.orderlog.fulfilment.FulfilmentApi.customer;
import static dev.orderlog.fulfilment.FulfilmentApi.ledger;
import static dev.orderlog.fulfilment.FulfilmentApi.order;
import static dev.orderlog.fulfilment.FulfilmentApi.payments;
import static dev.orderlog.fulfilment.FulfilmentApi.placeOrder;
import static dev.orderlog.fulfilment.FulfilmentApi.provider;
import static dev.orderlog.fulfilment.FulfilmentApi.receive;
import static dev.orderlog.fulfilment.FulfilmentApi.sku;
import static dev.orderlog.fulfilment.FulfilmentApi.stock;
import static dev.orderlog.fulfilment.FulfilmentApi.timeline;
import static dev.orderlog.fulfilment.FulfilmentApi.warehouse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderlog.TestTokens;
import dev.orderlog.payment.http.PaymentWebhookResource;
import dev.orderlog.payment.http.WebhookSignature;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The failure paths: late and repeated payments, webhooks forged or sent twice, failed refunds, cancellations at each step. */
@QuarkusTest
@TestProfile(FulfilmentProfile.class)
class FulfilmentFailureTest {

    @Test
    void aProviderTimeoutFollowedByALateApprovalEndsRefundedNeverPaidAndCancelled() {
        String customer = customer();
        String lamp = sku();
        receive(lamp, 2);
        // Every attempt outlasts the client's timeout; the charge is made all the same and approved by webhook later.
        provider("customers", customer, "{\"charge\":\"TIMEOUT\",\"delayMillis\":12000}");
        String orderId = placeOrder(customer, Map.of(lamp, 1));

        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        "cancelled".equals(FulfilmentApi.fulfilment(orderId).getString("phase"))
                                && timeline(orderId).contains("PaymentRefunded"));
        assertThat(timeline(orderId)).contains("DeadlineMissed", "PaymentApproved", "PaymentRefunded");
        List<Map<String, Object>> ledger = ledger(orderId);
        assertThat(ledger)
                .filteredOn(entry -> "charge".equals(entry.get("kind")))
                .singleElement()
                .satisfies(charge -> assertThat(charge.get("status")).isEqualTo("approved"));
        assertThat(ledger)
                .filteredOn(entry -> "refund".equals(entry.get("kind")))
                .singleElement()
                .satisfies(refund -> assertThat(refund.get("status")).isEqualTo("refunded"));
        assertThat(order(orderId).getString("status")).isEqualTo("cancelled");
        assertThat(stock(lamp).getInt("available")).isEqualTo(2);
    }

    @Test
    void duplicateAndEarlyWebhooksHaveOneEffectAndForgedOnesNone() {
        String customer = customer();
        String cup = sku();
        receive(cup, 4);
        // The approval arrives before the charge is even answered, and twice.
        provider("customers", customer, "{\"charge\":\"APPROVE\",\"webhooks\":\"OUT_OF_ORDER\"}");
        String early = placeOrder(customer, Map.of(cup, 1));
        String other = customer();
        provider("customers", other, "{\"charge\":\"APPROVE\",\"webhooks\":\"DUPLICATE\"}");
        String twice = placeOrder(other, Map.of(cup, 1));

        for (String orderId : List.of(early, twice)) {
            awaitPhase(orderId, "awaiting-shipment");
            await().atMost(Duration.ofSeconds(10)).until(() -> ledger(orderId).size() == 1);
            assertThat(timeline(orderId)).filteredOn("PaymentApproved"::equals).hasSize(1);
            assertThat(order(orderId).getString("status")).isEqualTo("paid");
        }
        String chargeId = (String) ledger(twice).getFirst().get("chargeId");
        byte[] body = ("{\"id\":\"evt-replayed\",\"type\":\"charge.approved\",\"orderId\":\"" + twice
                        + "\",\"chargeId\":\"" + chargeId + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        String secret = ConfigProvider.getConfig().getValue("orderlog.payments.webhook-secret", String.class);
        int before = timeline(twice).size();
        RestAssured.given()
                .contentType(ContentType.JSON)
                .body(body)
                .post("/webhooks/payments")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        RestAssured.given()
                .contentType(ContentType.JSON)
                .header(
                        PaymentWebhookResource.SIGNATURE_HEADER,
                        WebhookSignature.sign(body, "wrong-secret", Instant.now()))
                .body(body)
                .post("/webhooks/payments")
                .then()
                .statusCode(401);
        byte[] declined = ("{\"id\":\"evt-forged\",\"type\":\"charge.declined\",\"orderId\":\"" + twice
                        + "\",\"chargeId\":\"" + chargeId + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        RestAssured.given()
                .contentType(ContentType.JSON)
                .header(PaymentWebhookResource.SIGNATURE_HEADER, WebhookSignature.sign(body, secret, Instant.now()))
                .body(declined)
                .post("/webhooks/payments")
                .then()
                .statusCode(401);
        for (int delivery = 0; delivery < 2; delivery++) {
            RestAssured.given()
                    .contentType(ContentType.JSON)
                    .header(PaymentWebhookResource.SIGNATURE_HEADER, WebhookSignature.sign(body, secret, Instant.now()))
                    .body(body)
                    .post("/webhooks/payments")
                    .then()
                    .statusCode(204);
        }
        assertThat(timeline(twice)).hasSize(before);
        assertThat(order(twice).getString("status")).isEqualTo("paid");
    }

    @Test
    void aRefusedRefundNeedsAttentionThenARetryRefundsAndAnotherIsResolvedByHand() {
        String customer = customer();
        String desk = sku();
        receive(desk, 4);
        String retried = placeOrder(customer, Map.of(desk, 1));
        String resolved = placeOrder(customer, Map.of(desk, 1));
        for (String orderId : List.of(retried, resolved)) {
            awaitPhase(orderId, "awaiting-shipment");
            provider("orders", orderId, "{\"refund\":\"REFUSE\"}");
            as(customer)
                    .body("{\"reason\":\"found it cheaper\"}")
                    .post("/orders/" + orderId + "/cancel")
                    .then()
                    .statusCode(200);
            assertThat(awaitPhase(orderId, "needs-attention").getString("problem"))
                    .contains("refused the refund");
        }
        assertThat(TestTokens.given()
                        .get("/admin/fulfilment")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("orderId", String.class))
                .contains(retried, resolved);

        provider("orders", retried, "{\"refund\":\"APPROVE\"}");
        TestTokens.given()
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", "retry-1")
                .body("{\"note\":\"provider fixed the card\"}")
                .post("/admin/fulfilment/" + retried + "/retry")
                .then()
                .statusCode(200);
        awaitPhase(retried, "cancelled");
        // The operator's client sends it again after a lost answer: the same answer, no second attempt; the key with
        // another action is 422.
        TestTokens.given()
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", "retry-1")
                .body("{\"note\":\"provider fixed the card\"}")
                .post("/admin/fulfilment/" + retried + "/retry")
                .then()
                .statusCode(200)
                .body("phase", org.hamcrest.Matchers.equalTo("cancelled"));
        TestTokens.given()
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", "retry-1")
                .body("{\"note\":\"something else\"}")
                .post("/admin/fulfilment/" + retried + "/resolve")
                .then()
                .statusCode(422);
        assertThat(timeline(retried)).filteredOn("CompensationRetried"::equals).hasSize(1);
        assertThat(ledger(retried))
                .filteredOn(entry -> "refund".equals(entry.get("kind")))
                .extracting(entry -> entry.get("status"))
                .containsExactlyInAnyOrder("refused", "refunded");
        assertThat(stock(desk).getInt("reserved"))
                .as("held still by the instance that needs attention")
                .isEqualTo(1);

        TestTokens.given()
                .contentType(ContentType.JSON)
                .body("{\"note\":\"refunded by bank transfer\"}")
                .post("/admin/fulfilment/" + resolved + "/resolve")
                .then()
                .statusCode(200);
        var detail = awaitPhase(resolved, "resolved");
        assertThat(detail.getList("timeline.type", String.class))
                .containsSubsequence("NeedsAttention", "ResolvedByOperator", "StockReleased", "FulfilmentResolved");
        var resolution = TestTokens.given()
                .get("/admin/fulfilment/" + resolved)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        int step = resolution.getList("timeline.type").indexOf("ResolvedByOperator");
        assertThat(resolution.getString("timeline[" + step + "].actor")).isEqualTo(TestTokens.ADMIN_SUBJECT);
        assertThat(resolution.getString("timeline[" + step + "].details.note")).isEqualTo("refunded by bank transfer");
        // The operator settled the money; the process still gave the stock back.
        assertThat(stock(desk).getInt("reserved")).isZero();
        assertThat(ledger(resolved))
                .filteredOn(entry -> "refund".equals(entry.get("kind")))
                .extracting(entry -> entry.get("status"))
                .containsExactly("refused");
        // A healthy instance is neither retried nor resolved.
        TestTokens.given()
                .contentType(ContentType.JSON)
                .body("{\"note\":\"again\"}")
                .post("/admin/fulfilment/" + resolved + "/retry")
                .then()
                .statusCode(409);
    }

    @Test
    void aCustomerCancellingWhileThePaymentIsPendingOrAfterItIsTakenGetsEverythingUndone() {
        String customer = customer();
        String chair = sku();
        receive(chair, 4);
        String paid = placeOrder(customer, Map.of(chair, 1));
        awaitPhase(paid, "awaiting-shipment");
        as(customer)
                .body("{\"reason\":\"changed my mind\"}")
                .post("/orders/" + paid + "/cancel")
                .then()
                .statusCode(200);
        awaitPhase(paid, "cancelled");
        assertThat(payments(paid)).containsExactlyInAnyOrder("charge:approved", "refund:refunded");
        assertThat(timeline(paid))
                .containsSubsequence(
                        "CompensationStarted",
                        "OrderCancelled",
                        "PaymentRefunded",
                        "StockReleased",
                        "FulfilmentCancelled");

        // Pending: the provider approves only later, by webhook, after the order was cancelled: the money goes back.
        String patient = customer();
        provider("customers", patient, "{\"charge\":\"PENDING\",\"delayMillis\":3000}");
        String pending = placeOrder(patient, Map.of(chair, 1));
        awaitPhase(pending, "awaiting-payment");
        await().atMost(Duration.ofSeconds(10)).until(() -> ledger(pending).size() == 1);
        as(patient)
                .body("{\"reason\":\"too slow\"}")
                .post("/orders/" + pending + "/cancel")
                .then()
                .statusCode(200);
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        "cancelled".equals(FulfilmentApi.fulfilment(pending).getString("phase"))
                                && timeline(pending).contains("PaymentRefunded"));
        assertThat(payments(pending)).containsExactlyInAnyOrder("charge:approved", "refund:refunded");
        assertThat(stock(chair).getInt("reserved")).isZero();

        // Once shipped, the order cannot be cancelled and the fulfilment completes.
        String shipped = placeOrder(customer, Map.of(chair, 1));
        awaitPhase(shipped, "awaiting-shipment");
        warehouse()
                .body("{\"trackingNumber\":\"TRK-7\"}")
                .post("/orders/" + shipped + "/fulfilment/shipment")
                .then()
                .statusCode(200);
        awaitPhase(shipped, "completed");
        as(customer)
                .body("{\"reason\":\"too late\"}")
                .post("/orders/" + shipped + "/cancel")
                .then()
                .statusCode(409);
        assertThat(FulfilmentApi.fulfilment(shipped).getString("phase")).isEqualTo("completed");
    }
}
