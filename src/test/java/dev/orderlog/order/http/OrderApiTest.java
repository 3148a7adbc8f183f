package dev.orderlog.order.http;

import static dev.orderlog.order.http.OrderApi.ADDRESS;
import static dev.orderlog.order.http.OrderApi.addLine;
import static dev.orderlog.order.http.OrderApi.createOrder;
import static dev.orderlog.order.http.OrderApi.events;
import static dev.orderlog.order.http.OrderApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.orderlog.TestTokens;
import dev.orderlog.platform.web.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OrderApiTest {

    @Test
    void freeTextWithControlOrFormatCharactersIsRefusedAndChangesNothing() {
        String id = createOrder();
        addLine(id, "book", 1, 1_000).statusCode(200);
        json().body(ADDRESS.replace("\"Ada", "\"Ada\\u202e"))
                .post("/orders/" + id + "/place")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        json().body("{\"reason\":\"changed\\u0000my mind\"}")
                .post("/orders/" + id + "/cancel")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        events(id).statusCode(200).body("", hasSize(2));
    }

    @Test
    void anOrderGoesFromDraftToDeliveredWithTheServiceComputingTheTotal() {
        String id = createOrder();
        addLine(id, "book", 2, 1_250).statusCode(200).header("ETag", "\"1\"");
        addLine(id, "pen", 1, 300).statusCode(200).body("totalMinor", equalTo(2_800));
        json().body(ADDRESS)
                .post("/orders/" + id + "/place")
                .then()
                .statusCode(200)
                .body("status", equalTo("placed"));
        json().body("{\"amount\":{\"amountMinor\":2800,\"currency\":\"EUR\"},\"paymentReference\":\"psp-1\"}")
                .post("/orders/" + id + "/payment")
                .then()
                .statusCode(200)
                .body("status", equalTo("paid"));
        json().body("{\"trackingNumber\":\"TRK-1\"}")
                .post("/orders/" + id + "/ship")
                .then()
                .statusCode(200)
                .body("trackingNumber", equalTo("TRK-1"));
        json().post("/orders/" + id + "/deliver")
                .then()
                .statusCode(200)
                .body("status", equalTo("delivered"))
                .header("ETag", "\"6\"");
        events(id).statusCode(200).body("", hasSize(7)).body("[3].type", equalTo("OrderPlaced"));
    }

    @Test
    void creatingAnOrderAnswers201WithLocationAndETag() {
        json().body("{\"customerId\":\"c-9\",\"currency\":\"USD\"}")
                .post("/orders")
                .then()
                .statusCode(201)
                .header("Location", containsString("/orders/"))
                .header("ETag", "\"0\"")
                .body("status", equalTo("draft"))
                .body("currency", equalTo("USD"));
    }

    @Test
    void theCorrelationIdIsEchoedAndStoredWithTheEventMetadata() {
        String id = createOrder();
        TestTokens.as(Roles.ADMIN, "alice")
                .contentType(ContentType.JSON)
                .header("X-Correlation-Id", "corr-42")
                .body("{\"sku\":\"cup\",\"quantity\":1,\"unitPrice\":{\"amountMinor\":500,\"currency\":\"EUR\"}}")
                .post("/orders/" + id + "/lines")
                .then()
                .statusCode(200)
                .header("X-Correlation-Id", "corr-42");
        events(id)
                .body("[1].metadata.correlationId", equalTo("corr-42"))
                .body("[1].metadata.actor", equalTo("alice"))
                .body("[1].metadata.eventVersion", equalTo(1))
                .body("[1].metadata.causationId", notNullValue())
                .body("[1].metadata.occurredAt", notNullValue());
        json().post("/orders").then().header("X-Correlation-Id", notNullValue());
    }

    @Test
    void aBrokenRuleIsAProblemAndAppendsNothing() {
        String id = createOrder();
        addLine(id, "book", 1, 100);
        json().body("{\"sku\":\"mug\",\"quantity\":1,\"unitPrice\":{\"amountMinor\":100,\"currency\":\"USD\"}}")
                .post("/orders/" + id + "/lines")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://orderlog.dev/problems/one-currency-per-order"))
                .body("status", equalTo(422));
        json().body("{\"trackingNumber\":\"T\"}")
                .post("/orders/" + id + "/ship")
                .then()
                .statusCode(409)
                .body("type", containsString("not-paid"));
        events(id).body("", hasSize(2));
    }

    @Test
    void unknownFieldsWrongTypesAndInvalidValuesAreRejectedWithTheField() {
        String id = createOrder();
        json().body(
                        "{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":{\"amountMinor\":1,\"currency\":\"EUR\"},\"discount\":5}")
                .post("/orders/" + id + "/lines")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("discount"));
        json().body("{\"sku\":\"a\",\"quantity\":\"three\",\"unitPrice\":{\"amountMinor\":1,\"currency\":\"EUR\"}}")
                .post("/orders/" + id + "/lines")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("quantity"));
        json().body("{\"sku\":\"a\",\"quantity\":0,\"unitPrice\":{\"amountMinor\":1,\"currency\":\"euro\"}}")
                .post("/orders/" + id + "/lines")
                .then()
                .statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("quantity", "unitPrice.currency"));
        json().body("{not json")
                .post("/orders/" + id + "/lines")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        events(id).body("", hasSize(1));
    }

    @Test
    void aBodyOverTheSizeLimitIsRefusedAsAProblem() {
        String id = createOrder();
        String huge = "{\"reason\":\"" + "x".repeat(70_000) + "\"}";
        json().body(huge)
                .post("/orders/" + id + "/cancel")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("status", equalTo(413));
        events(id).body("", hasSize(1));
    }

    @Test
    void aChunkedBodyOverTheSizeLimitIsRefusedAsAProblemToo() throws Exception {
        String id = createOrder();
        byte[] huge = ("{\"reason\":\"" + "x".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        // No Content-Length: the body arrives in chunks and is measured as it comes.
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + RestAssured.port + "/orders/" + id + "/cancel"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestTokens.adminToken())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge)))
                .build();
        HttpResponse<String> response;
        try (HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":413", "bytes are accepted");
        events(id).body("", hasSize(1));

        byte[] small = "{\"reason\":\"changed my mind\"}".getBytes(StandardCharsets.UTF_8);
        HttpRequest fits = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + RestAssured.port + "/orders/" + id + "/cancel"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestTokens.adminToken())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(small)))
                .build();
        try (HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            assertThat(http.send(fits, HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);
        }
        events(id).body("", hasSize(2));
    }

    @Test
    void malformedJsonSaysWhatIsWrongAndWhere() {
        String id = createOrder();
        json().body("{\"sku\":")
                .post("/orders/" + id + "/lines")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("line 1, column 8"));
        json().body("{\"sku\": \"a\",\n \"quantity\": ]}")
                .post("/orders/" + id + "/lines")
                .then()
                .statusCode(400)
                .body("detail", containsString("line 2, column"));
        events(id).body("", hasSize(1));
    }

    @Test
    void anIfMatchThatIsNotARevisionIs400() {
        String id = createOrder();
        for (String notARevision : new String[] {"\"99999999999999999999\"", "\"abc\"", "\"-1\"", "\"3"}) {
            json().header("If-Match", notARevision)
                    .body("{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":{\"amountMinor\":1,\"currency\":\"EUR\"}}")
                    .post("/orders/" + id + "/lines")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", containsString("If-Match"));
        }
        events(id).body("", hasSize(1));
    }

    @Test
    void aCommandOnAMissingOrderIsNotFound() {
        json().body("{\"reason\":\"x\"}")
                .post("/orders/" + UUID.randomUUID() + "/cancel")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", containsString("order-not-found"));
    }

    @Test
    void ifMatchAppendsAtExactlyThatRevisionAndAStaleOneIs412() {
        String id = createOrder();
        json().header("If-Match", "\"0\"")
                .body("{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":{\"amountMinor\":1,\"currency\":\"EUR\"}}")
                .post("/orders/" + id + "/lines")
                .then()
                .statusCode(200)
                .header("ETag", "\"1\"");
        json().header("If-Match", "\"0\"")
                .body("{\"sku\":\"b\",\"quantity\":1,\"unitPrice\":{\"amountMinor\":1,\"currency\":\"EUR\"}}")
                .post("/orders/" + id + "/lines")
                .then()
                .statusCode(412)
                .contentType("application/problem+json")
                .body("currentRevision", equalTo(1))
                .header("ETag", "\"1\"");
        events(id).body("", hasSize(2));
    }

    @Test
    void aRetriedRequestWithTheSameIdempotencyKeyAppendsNothingAndAnswersTheSame() {
        String key = UUID.randomUUID().toString();
        ExtractableResponse<Response> first = json().header("Idempotency-Key", key)
                .body("{\"customerId\":\"c-1\",\"currency\":\"EUR\"}")
                .post("/orders")
                .then()
                .statusCode(201)
                .extract();
        ExtractableResponse<Response> again = json().header("Idempotency-Key", key)
                .body("{\"customerId\":\"c-1\",\"currency\":\"EUR\"}")
                .post("/orders")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .extract();
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(again.body().asString()).isEqualTo(first.body().asString());

        String id = first.path("id");
        String lineKey = UUID.randomUUID().toString();
        for (int i = 0; i < 3; i++) {
            json().header("Idempotency-Key", lineKey)
                    .body("{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":{\"amountMinor\":1,\"currency\":\"EUR\"}}")
                    .post("/orders/" + id + "/lines")
                    .then()
                    .statusCode(200)
                    .header("ETag", "\"1\"");
        }
        events(id).body("", hasSize(2));
    }

    @Test
    void theSameIdempotencyKeyWithADifferentBodyIs422() {
        String id = createOrder();
        String key = UUID.randomUUID().toString();
        addLineWithKey(id, key, 1).statusCode(200);
        addLineWithKey(id, key, 2).statusCode(422).body("type", containsString("idempotency-key-reused"));
        events(id).body("", hasSize(2));
    }

    private static io.restassured.response.ValidatableResponse addLineWithKey(String id, String key, int quantity) {
        return json().header("Idempotency-Key", key)
                .body("{\"sku\":\"a\",\"quantity\":" + quantity
                        + ",\"unitPrice\":{\"amountMinor\":1,\"currency\":\"EUR\"}}")
                .post("/orders/" + id + "/lines")
                .then();
    }

    @Test
    void cancellingAPaidOrderRecordsTheRefund() {
        String id = createOrder();
        addLine(id, "book", 2, 1_000);
        json().body(ADDRESS).post("/orders/" + id + "/place").then().statusCode(200);
        json().body("{\"amount\":{\"amountMinor\":2000,\"currency\":\"EUR\"},\"paymentReference\":\"p\"}")
                .post("/orders/" + id + "/payment")
                .then()
                .statusCode(200);
        json().body("{\"reason\":\"out of stock\"}")
                .post("/orders/" + id + "/cancel")
                .then()
                .statusCode(200)
                .body("status", equalTo("cancelled"))
                .body("refundMinor", equalTo(2_000));
        json().body("{\"sku\":\"x\",\"quantity\":1,\"unitPrice\":{\"amountMinor\":1,\"currency\":\"EUR\"}}")
                .post("/orders/" + id + "/lines")
                .then()
                .statusCode(409)
                .body("type", containsString("no-edits-after-placing"));
    }

    @Test
    void timeTravelShowsTheStateAtARevisionOrAMoment() throws Exception {
        String id = createOrder();
        addLine(id, "book", 1, 100);
        Instant between = Instant.now();
        Thread.sleep(20);
        addLine(id, "pen", 1, 50);
        json().get("/orders/" + id + "/state?revision=1")
                .then()
                .statusCode(200)
                .body("lines", hasSize(1))
                .header("ETag", "\"1\"");
        json().get("/orders/" + id + "/state?at=" + between)
                .then()
                .statusCode(200)
                .body("lines", hasSize(1))
                .body("revision", equalTo(1));
        json().get("/orders/" + id + "/state")
                .then()
                .statusCode(200)
                .body("lines", hasSize(2))
                .body("totalMinor", equalTo(150));
        json().get("/orders/" + id + "/state?revision=9")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        json().get("/orders/" + id + "/state?at=yesterday")
                .then()
                .statusCode(400)
                .body("detail", startsWith("'at'"));
    }
}
