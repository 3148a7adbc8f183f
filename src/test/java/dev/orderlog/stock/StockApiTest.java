package dev.orderlog.stock;

import static org.hamcrest.Matchers.equalTo;

import dev.orderlog.TestTokens;
import dev.orderlog.platform.web.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Stock receipts over HTTP: a retried receipt counts once; the same key from another caller is another receipt. */
@QuarkusTest
class StockApiTest {

    private static RequestSpecification warehouse(String subject) {
        return TestTokens.as(Roles.WAREHOUSE, subject).contentType(ContentType.JSON);
    }

    @Test
    void aReceiptRetriedWithItsIdempotencyKeyCountsOnceAndAnotherCallersSameKeyCountsAgain() {
        String sku = "sku-" + UUID.randomUUID().toString().substring(0, 8);
        for (int attempt = 0; attempt < 2; attempt++) {
            warehouse("w-1")
                    .header("Idempotency-Key", "delivery-1")
                    .body("{\"quantity\":5}")
                    .post("/stock/" + sku + "/receipts")
                    .then()
                    .statusCode(200)
                    .body("onHand", equalTo(5));
        }
        warehouse("w-2")
                .header("Idempotency-Key", "delivery-1")
                .body("{\"quantity\":5}")
                .post("/stock/" + sku + "/receipts")
                .then()
                .statusCode(200)
                .body("onHand", equalTo(10));
        warehouse("w-1")
                .get("/stock/" + sku)
                .then()
                .statusCode(200)
                .body("onHand", equalTo(10))
                .body("available", equalTo(10))
                .body("reserved", equalTo(0));
        warehouse("w-1")
                .body("{\"quantity\":0}")
                .post("/stock/" + sku + "/receipts")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }
}
