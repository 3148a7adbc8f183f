package dev.orderlog.order.http;

import static dev.orderlog.order.http.OrderApi.ADDRESS;
import static dev.orderlog.order.http.OrderApi.addLine;
import static dev.orderlog.order.http.OrderApi.createOrder;
import static dev.orderlog.order.http.OrderApi.events;
import static dev.orderlog.order.http.OrderApi.json;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.orderlog.TestTokens;
import dev.orderlog.order.OrderDecider;
import dev.orderlog.platform.web.Roles;
import dev.orderlog.stock.StockDecider;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The numbers that once broke an order for good: a breach of a bound is 422 problem+json and appends nothing, so the
 * order (and a SKU's stock) stays usable. The bounds themselves are pinned in the deciders' tests.
 */
@QuarkusTest
class MoneyAndStockBoundsTest {

    @Test
    void aLineWhoseTotalWouldOverflowIs422AndTheOrderStaysUsable() {
        String id = createOrder();
        addLine(id, "gold", 2, Long.MAX_VALUE)
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", containsString("price-too-large"));
        addLine(id, "gold", 2, Long.MAX_VALUE / 2).statusCode(422);
        events(id).body("", hasSize(1));
        // Two lines of 2^62 no longer reach a wrapped total: each is past the price bound, and at the bound the total
        // refuses.
        addLine(id, "a", 1_000, OrderDecider.MAX_UNIT_PRICE_MINOR)
                .statusCode(200)
                .body("totalMinor", equalTo(OrderDecider.MAX_TOTAL_MINOR));
        addLine(id, "b", 1, 1).statusCode(422).body("type", containsString("total-too-large"));
        json().body("{\"quantity\":1001}")
                .put("/orders/" + id + "/lines/a")
                .then()
                .statusCode(422)
                .body("type", containsString("total-too-large"));
        addLine(id, "c", OrderDecider.MAX_QUANTITY + 1, 0)
                .statusCode(422)
                .body("type", containsString("quantity-too-large"));
        events(id).body("", hasSize(2));
        TestTokens.given()
                .get("/orders/" + id + "/state")
                .then()
                .statusCode(200)
                .body("totalMinor", equalTo(OrderDecider.MAX_TOTAL_MINOR));
        json().body(ADDRESS)
                .post("/orders/" + id + "/place")
                .then()
                .statusCode(200)
                .body("status", equalTo("placed"));
        TestTokens.given()
                .get("/orders/" + id + "?minRevision=2")
                .then()
                .statusCode(200)
                .body("totalMinor", equalTo(OrderDecider.MAX_TOTAL_MINOR));
    }

    @Test
    void aReceiptPastItsBoundIs422AndCountsNothing() {
        String sku = "sku-" + UUID.randomUUID().toString().substring(0, 8);
        warehouse()
                .body("{\"quantity\":" + StockDecider.MAX_RECEIPT + "}")
                .post("/stock/" + sku + "/receipts")
                .then()
                .statusCode(200)
                .body("onHand", equalTo(StockDecider.MAX_RECEIPT));
        warehouse()
                .body("{\"quantity\":" + (StockDecider.MAX_RECEIPT + 1) + "}")
                .post("/stock/" + sku + "/receipts")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", containsString("receipt-too-large"));
        warehouse()
                .get("/stock/" + sku)
                .then()
                .statusCode(200)
                .body("onHand", equalTo(StockDecider.MAX_RECEIPT))
                .body("revision", equalTo(0));
    }

    private static io.restassured.specification.RequestSpecification warehouse() {
        return TestTokens.as(Roles.WAREHOUSE, "w-1").contentType(ContentType.JSON);
    }
}
