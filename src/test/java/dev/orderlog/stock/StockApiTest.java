package dev.orderlog.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.orderlog.TestTokens;
import dev.orderlog.platform.audit.OperatorLog;
import dev.orderlog.platform.web.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Stock over HTTP: a retried receipt counts once, the same key from another caller is another receipt; an operator's
 * count corrects the units on hand, is recorded in the operator log, and bad input changes nothing.
 */
@QuarkusTest
class StockApiTest {
    @Inject
    OperatorLog operatorLog;

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

    @Test
    void anOperatorsCountCorrectsTheStockAndIsRecordedInTheOperatorLog() {
        String sku = "sku-" + UUID.randomUUID().toString().substring(0, 8);
        warehouse("w-1")
                .body("{\"quantity\":5}")
                .post("/stock/" + sku + "/receipts")
                .then()
                .statusCode(200);

        warehouse("w-1")
                .body("{\"onHand\":3,\"reason\":\"Stock take\"}")
                .post("/stock/" + sku + "/counts")
                .then()
                .statusCode(403);
        for (String bad : List.of(
                "{\"onHand\":-1,\"reason\":\"Typo\"}",
                "{\"onHand\":3,\"reason\":\"\"}",
                "{\"onHand\":3,\"reason\":\"two\\nlines\"}",
                "{\"onHand\":1000000000000,\"reason\":\"Typo\"}",
                "{\"onHand\":3,\"reason\":42}",
                "{\"onHand\":3,\"reason\":true}",
                "{\"onHand\":3,\"onHand\":4,\"reason\":\"Twice\"}",
                "{\"onHand\":3,\"reason\":\"two\u2028lines\"}")) {
            TestTokens.given()
                    .contentType(ContentType.JSON)
                    .body(bad)
                    .post("/stock/" + sku + "/counts")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        TestTokens.given()
                .contentType(ContentType.JSON)
                .body("{\"onHand\":3,\"reason\":\"Stock take: two broken\"}")
                .post("/stock/" + sku + "/counts")
                .then()
                .statusCode(428)
                .contentType("application/problem+json");
        TestTokens.given()
                .contentType(ContentType.JSON)
                .header("If-Match", "\"7\"")
                .body("{\"onHand\":3,\"reason\":\"Stock take: two broken\"}")
                .post("/stock/" + sku + "/counts")
                .then()
                .statusCode(412);
        warehouse("w-1").get("/stock/" + sku).then().body("onHand", equalTo(5)).header("ETag", "\"0\"");

        TestTokens.given()
                .contentType(ContentType.JSON)
                .header("If-Match", "\"0\"")
                .body("{\"onHand\":3,\"reason\":\"Stock take: two broken\"}")
                .post("/stock/" + sku + "/counts")
                .then()
                .statusCode(200)
                .body("onHand", equalTo(3))
                .body("available", equalTo(3));
        assertThat(operatorLog.recent(50))
                .filteredOn(entry -> entry.target().equals("stock-" + sku))
                .as("the correction, and none of the refused requests")
                .singleElement()
                .satisfies(entry -> {
                    assertThat(entry.action()).isEqualTo("correct the count of");
                    assertThat(entry.note()).isEqualTo("3 on hand: Stock take: two broken");
                    assertThat(entry.operator()).isEqualTo(TestTokens.ADMIN_SUBJECT);
                });
    }

    @Test
    void aSkuNeverReceivedIsCountedOnlyWhileItHasNoEvent() {
        String sku = "sku-" + UUID.randomUUID().toString().substring(0, 8);
        TestTokens.given()
                .contentType(ContentType.JSON)
                .header("If-None-Match", "*")
                .body("{\"onHand\":4,\"reason\":\"Found on the shelf, never received\"}")
                .post("/stock/" + sku + "/counts")
                .then()
                .statusCode(200)
                .body("onHand", equalTo(4))
                .header("ETag", "\"0\"");
        TestTokens.given()
                .contentType(ContentType.JSON)
                .header("If-None-Match", "*")
                .body("{\"onHand\":5,\"reason\":\"Counted again as if it had none\"}")
                .post("/stock/" + sku + "/counts")
                .then()
                .statusCode(412);
        TestTokens.given().get("/stock/" + sku).then().body("onHand", equalTo(4));
    }
}
