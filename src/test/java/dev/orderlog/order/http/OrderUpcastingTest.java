package dev.orderlog.order.http;

import static dev.orderlog.order.http.OrderApi.events;
import static dev.orderlog.order.http.OrderApi.json;
import static org.hamcrest.Matchers.equalTo;

import dev.orderlog.order.Orders;
import io.kurrent.dbclient.EventData;
import io.kurrent.dbclient.EventDataBuilder;
import io.kurrent.dbclient.KurrentDBClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Events written by older code stay readable: OrderPlaced v1 (one address line) is read as v2 (structured). */
@QuarkusTest
class OrderUpcastingTest {
    @Inject
    KurrentDBClient client;

    private static EventData raw(String type, int version, String data) {
        String metadata = "{\"eventVersion\":" + version
                + ",\"correlationId\":\"legacy\",\"causationId\":\"legacy\",\"occurredAt\":\"2025-01-01T00:00:00Z\",\"actor\":\"import\"}";
        return EventDataBuilder.json(UUID.randomUUID(), type, data.getBytes(StandardCharsets.UTF_8))
                .metadataAsBytes(metadata.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    private String legacyOrder(String addressLine) throws Exception {
        String id = UUID.randomUUID().toString();
        client.appendToStream(
                        Orders.STREAMS.streamOf(id),
                        raw(
                                "OrderCreated",
                                1,
                                "{\"orderId\":\"" + id
                                        + "\",\"customerId\":\"c-old\",\"currency\":\"EUR\",\"createdAt\":\"2025-01-01T00:00:00Z\"}"),
                        raw("LineAdded", 1, "{\"sku\":\"book\",\"quantity\":1,\"unitPriceMinor\":999}"),
                        raw(
                                "OrderPlaced",
                                1,
                                "{\"shippingAddress\":\"" + addressLine
                                        + "\",\"totalMinor\":999,\"placedAt\":\"2025-01-01T00:01:00Z\"}"))
                .get();
        return id;
    }

    @Test
    void aVersionOneOrderPlacedIsReadWithAStructuredAddress() throws Exception {
        String id = legacyOrder("Ada Lovelace, 1 Main St, London, N1 9GU, GB");
        json().get("/orders/" + id + "/state")
                .then()
                .statusCode(200)
                .body("status", equalTo("placed"))
                .body("shippingAddress.recipient", equalTo("Ada Lovelace"))
                .body("shippingAddress.city", equalTo("London"))
                .body("shippingAddress.country", equalTo("GB"));
        events(id)
                .body("[2].event.shippingAddress.postalCode", equalTo("N1 9GU"))
                .body("[2].metadata.eventVersion", equalTo(1));
    }

    @Test
    void aFreeTextAddressThatDoesNotSplitIsKeptWhole() throws Exception {
        String id = legacyOrder("Flat 3 above the bakery near the station");
        json().get("/orders/" + id + "/state")
                .then()
                .statusCode(200)
                .body("shippingAddress.street", equalTo("Flat 3 above the bakery near the station"));
    }

    @Test
    void aLegacyOrderAcceptsNewCommands() throws Exception {
        String id = legacyOrder("Ada Lovelace, 1 Main St, London, N1 9GU, GB");
        json().body("{\"amount\":{\"amountMinor\":999,\"currency\":\"EUR\"},\"paymentReference\":\"p\"}")
                .post("/orders/" + id + "/payment")
                .then()
                .statusCode(200)
                .body("status", equalTo("paid"))
                .header("ETag", "\"3\"");
    }
}
