package dev.orderlog.fulfilment;

import static dev.orderlog.fulfilment.FulfilmentApi.awaitPhase;
import static dev.orderlog.fulfilment.FulfilmentApi.customer;
import static dev.orderlog.fulfilment.FulfilmentApi.ledger;
import static dev.orderlog.fulfilment.FulfilmentApi.order;
import static dev.orderlog.fulfilment.FulfilmentApi.placeOrder;
import static dev.orderlog.fulfilment.FulfilmentApi.provider;
import static dev.orderlog.fulfilment.FulfilmentApi.receive;
import static dev.orderlog.fulfilment.FulfilmentApi.sku;
import static dev.orderlog.fulfilment.FulfilmentApi.stock;
import static dev.orderlog.fulfilment.FulfilmentApi.timeline;
import static dev.orderlog.fulfilment.FulfilmentApi.warehouse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.TestTokens;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.ReadStreamOptions;
import io.kurrent.dbclient.RecordedEvent;
import io.kurrent.dbclient.ResolvedEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An order's fulfilment end to end, through HTTP, the embedded KurrentDB and PostgreSQL, and the simulated provider. */
@QuarkusTest
@TestProfile(FulfilmentProfile.class)
class FulfilmentTest {

    @Inject
    KurrentDBClient client;

    @Inject
    ObjectMapper json;

    @Test
    void aPlacedOrderIsReservedChargedShippedAndItsStockCommitted() throws Exception {
        String mug = sku();
        String pen = sku();
        receive(mug, 5);
        receive(pen, 5);
        Map<String, Integer> lines = new LinkedHashMap<>();
        lines.put(mug, 2);
        lines.put(pen, 1);
        String orderId = placeOrder(customer(), lines);

        JsonPath awaiting = awaitPhase(orderId, "awaiting-shipment");
        assertThat(awaiting.getString("deadline.kind")).isEqualTo("SHIPMENT");
        assertThat(stock(mug).getInt("reserved")).isEqualTo(2);
        assertThat(stock(mug).getInt("available")).isEqualTo(3);
        assertThat(order(orderId).getString("status")).isEqualTo("paid");
        assertThat(ledger(orderId)).singleElement().satisfies(charge -> {
            assertThat(charge.get("kind")).isEqualTo("charge");
            assertThat(charge.get("status")).isEqualTo("approved");
            assertThat(charge.get("amountMinor")).isEqualTo(3000);
        });

        warehouse()
                .body("{\"trackingNumber\":\"TRK-42\"}")
                .post("/orders/" + orderId + "/fulfilment/shipment")
                .then()
                .statusCode(200);
        awaitPhase(orderId, "completed");
        assertThat(order(orderId).getString("status")).isEqualTo("shipped");
        assertThat(order(orderId).getString("trackingNumber")).isEqualTo("TRK-42");
        assertThat(stock(mug).getInt("onHand")).isEqualTo(3);
        assertThat(stock(mug).getInt("reserved")).isZero();
        assertThat(stock(pen).getInt("onHand")).isEqualTo(4);
        assertThat(timeline(orderId))
                .containsExactly(
                        "FulfilmentStarted",
                        "StockReserved",
                        "StockReserved",
                        "PaymentRequested",
                        "PaymentApproved",
                        "ShipmentRequested",
                        "PaymentConfirmedOnOrder",
                        "ShipmentAccepted",
                        "StockCommitted",
                        "StockCommitted",
                        "FulfilmentCompleted");
        // The order's audit trail names the process step behind each of its events.
        List<Map<String, Object>> trail = TestTokens.given()
                .get("/orders/" + orderId + "/events")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("");
        assertThat(trail)
                .filteredOn(event -> "PaymentConfirmed".equals(event.get("type")))
                .singleElement()
                .satisfies(event -> assertThat(((Map<?, ?>) event.get("metadata")).get("causationId"))
                        .isEqualTo("fulfilment-" + orderId + "/confirm-payment"));
        // The shipment is the warehouse's own command on the order (the order decides it against a cancellation).
        assertThat(trail)
                .filteredOn(event -> "OrderShipped".equals(event.get("type")))
                .singleElement()
                .satisfies(event -> assertThat(((Map<?, ?>) event.get("metadata")).get("actor"))
                        .isEqualTo("w-1"));

        // As the official client reads them: the instance's stream, and the stock event its step caused, with the ids
        // that link them.
        List<RecordedEvent> instance =
                client.readStream("fulfilment-" + orderId, ReadStreamOptions.get()).get().getEvents().stream()
                        .map(ResolvedEvent::getOriginalEvent)
                        .toList();
        assertThat(instance).extracting(RecordedEvent::getEventType).containsExactlyElementsOf(timeline(orderId));
        String correlation = json.readTree(instance.getFirst().getUserMetadata())
                .path("correlationId")
                .asText();
        RecordedEvent reserved = client.readStream("stock-" + mug, ReadStreamOptions.get()).get().getEvents().stream()
                .map(ResolvedEvent::getOriginalEvent)
                .filter(event -> event.getEventType().equals("StockReserved"))
                .findFirst()
                .orElseThrow();
        JsonNode reservedMetadata = json.readTree(reserved.getUserMetadata());
        assertThat(reservedMetadata.path("causationId").asText())
                .isEqualTo("fulfilment-" + orderId + "/reserve:" + mug);
        assertThat(reservedMetadata.path("correlationId").asText()).isEqualTo(correlation);
        assertThat(reservedMetadata.path("actor").asText()).isEqualTo("fulfilment-process");
    }

    @Test
    void aDeclinedPaymentReleasesTheStockAndCancelsTheOrderWithTheReason() {
        String customer = customer();
        String book = sku();
        receive(book, 3);
        provider("customers", customer, "{\"charge\":\"DECLINE\"}");
        String orderId = placeOrder(customer, Map.of(book, 2));

        awaitPhase(orderId, "cancelled");
        assertThat(stock(book).getInt("reserved")).isZero();
        assertThat(stock(book).getInt("available")).isEqualTo(3);
        assertThat(order(orderId).getString("status")).isEqualTo("cancelled");
        assertThat(order(orderId).getString("cancellationReason")).contains("Payment declined");
        assertThat(ledger(orderId)).extracting(entry -> entry.get("kind")).containsExactly("charge");
    }

    @Test
    void whenTheSecondLineIsOutOfStockTheFirstLinesReservationIsReleased() {
        String first = sku();
        String second = sku();
        receive(first, 5);
        receive(second, 1);
        Map<String, Integer> lines = new LinkedHashMap<>();
        lines.put(first, 2);
        lines.put(second, 2);
        String orderId = placeOrder(customer(), lines);

        awaitPhase(orderId, "cancelled");
        assertThat(stock(first).getInt("reserved")).isZero();
        assertThat(stock(first).getInt("available")).isEqualTo(5);
        assertThat(stock(second).getInt("available")).isEqualTo(1);
        assertThat(order(orderId).getString("cancellationReason")).contains("Out of stock");
        assertThat(ledger(orderId)).isEmpty();
        assertThat(timeline(orderId))
                .containsExactly(
                        "FulfilmentStarted",
                        "StockReserved",
                        "StockUnavailable",
                        "CompensationStarted",
                        "OrderCancelled",
                        "StockReleased",
                        "FulfilmentCancelled");
    }

    @Test
    void anOrderShippedByHandStillHasItsStockCommittedAndItsFulfilmentCompleted() {
        String globe = sku();
        receive(globe, 3);
        String orderId = placeOrder(customer(), Map.of(globe, 2));
        awaitPhase(orderId, "awaiting-shipment");
        warehouse()
                .body("{\"trackingNumber\":\"TRK-hand\"}")
                .post("/orders/" + orderId + "/ship")
                .then()
                .statusCode(200);
        awaitPhase(orderId, "completed");
        assertThat(stock(globe).getInt("onHand")).isEqualTo(1);
        assertThat(stock(globe).getInt("reserved")).isZero();
        assertThat(timeline(orderId)).containsSubsequence("ShipmentAccepted", "StockCommitted", "FulfilmentCompleted");
    }

    /**
     * Another customer's order answers exactly as a missing one, whether its fulfilment is under way, not started yet, or
     * the order is a draft: the answer must not tell a placed order from a draft, nor either from nothing.
     */
    @Test
    void anotherCustomersFulfilmentAnswersExactlyLikeAMissingOneAtEveryStage() {
        String ada = customer();
        String bob = customer();
        String underWay = placeOrder(ada, Map.of(sku(), 1));
        awaitPhase(underWay, "cancelled");
        String draft = FulfilmentApi.as(ada)
                .body("{\"currency\":\"EUR\"}")
                .post("/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String missing = java.util.UUID.randomUUID().toString();

        Map<String, String> answers = new LinkedHashMap<>();
        for (String id : List.of(underWay, draft, missing)) {
            var answer = FulfilmentApi.as(bob).get("/orders/" + id + "/fulfilment");
            assertThat(answer.statusCode()).as(id).isEqualTo(404);
            answers.put(
                    id,
                    answer.asString().replace(id, "{id}").replaceAll("\"(correlationId|instance)\":\"[^\"]*\"", ""));
        }
        assertThat(answers.values()).as("bodies with the id taken out").containsOnly(answers.get(missing));
        // The owner still learns that a draft's fulfilment starts when it is placed.
        FulfilmentApi.as(ada)
                .get("/orders/" + draft + "/fulfilment")
                .then()
                .statusCode(404)
                .body("detail", org.hamcrest.Matchers.containsString("starts when the order is placed"));
    }
}
