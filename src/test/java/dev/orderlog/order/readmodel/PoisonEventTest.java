package dev.orderlog.order.readmodel;

import static dev.orderlog.TestTokens.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.orderlog.order.Orders;
import io.kurrent.dbclient.KurrentDBClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An event the projection cannot apply is retried, parked with its reason while other orders flow, and replayed once fixed. */
@QuarkusTest
class PoisonEventTest {
    private static final String PROJECTION = OrderProjection.NAME;

    @Inject
    KurrentDBClient client;

    private static int parkedCount() {
        List<Map<String, Object>> projections = given().accept(ContentType.JSON)
                .get("/admin/projections")
                .then()
                .statusCode(200)
                .extract()
                .path("");
        return projections.stream()
                .filter(p -> PROJECTION.equals(p.get("name")))
                .mapToInt(p -> ((Number) p.get("parked")).intValue())
                .sum();
    }

    @Test
    void aPoisonEventIsParkedWithItsReasonWhileOthersFlowThenReplayedOnceFixed() throws Exception {
        int parkedBefore = parkedCount();
        String id = UUID.randomUUID().toString();
        // An older writer once changed a line it never added: no read model can apply that until the data is repaired.
        client.appendToStream(
                        Orders.STREAMS.streamOf(id),
                        PoisonedOrder.events(
                                id,
                                PoisonedOrder.event(
                                        "LineAdded", "{\"sku\":\"book\",\"quantity\":1,\"unitPriceMinor\":500}")))
                .get();

        await().atMost(Duration.ofSeconds(30)).until(() -> parkedCount() == parkedBefore + 2);
        given().accept(ContentType.JSON)
                .get("/admin/projections/" + PROJECTION + "/parked")
                .then()
                .statusCode(200)
                .body("findAll { it.stream == 'order-" + id + "' }.revision", org.hamcrest.Matchers.contains(1, 2))
                .body(
                        "findAll { it.stream == 'order-" + id + "' }.reason",
                        hasItem(org.hamcrest.Matchers.containsString("Reached retry count")));

        String healthy = given().contentType(ContentType.JSON)
                .body("{\"customerId\":\"c-ok\",\"currency\":\"EUR\"}")
                .post("/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().accept(ContentType.JSON)
                .get("/orders/" + healthy + "?minRevision=0")
                .then()
                .statusCode(200)
                .body("revision", equalTo(0));
        given().accept(ContentType.JSON)
                .get("/orders/" + id)
                .then()
                .statusCode(200)
                .body("revision", equalTo(0));

        PoisonedOrder.repairReadModel(id);
        given().post("/admin/projections/" + PROJECTION + "/parked/replay")
                .then()
                .statusCode(202);

        given().accept(ContentType.JSON)
                .get("/orders/" + id + "?minRevision=2")
                .then()
                .statusCode(200)
                .body("revision", equalTo(2))
                .body("totalMinor", equalTo(800))
                .body("lineCount", equalTo(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> parkedCount() <= parkedBefore);
    }
}
