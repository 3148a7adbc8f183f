package dev.orderlog.order.readmodel;

import static dev.orderlog.TestTokens.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ReadModelApiTest {

    private static RequestSpecification json() {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    private static String createOrder(String customer) {
        return json().body("{\"customerId\":\"" + customer + "\",\"currency\":\"EUR\"}")
                .post("/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static int addLine(String id, String sku, int quantity, long price) {
        String etag = json().body("{\"sku\":\"" + sku + "\",\"quantity\":" + quantity
                        + ",\"unitPrice\":{\"amountMinor\":" + price + ",\"currency\":\"EUR\"}}")
                .post("/orders/" + id + "/lines")
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
        return Integer.parseInt(etag.replace("\"", ""));
    }

    @Test
    void minRevisionReadsYourWritesFromTheReadModel() {
        String id = createOrder("c-" + UUID.randomUUID());
        addLine(id, "book", 2, 1_000);
        int revision = addLine(id, "pen", 1, 250);
        json().get("/orders/" + id + "?minRevision=" + revision)
                .then()
                .statusCode(200)
                .header("ETag", "\"" + revision + "\"")
                .body("totalMinor", equalTo(2_250))
                .body("lineCount", equalTo(2))
                .body("lines", hasSize(2))
                .body("stale", nullValue());
    }

    @Test
    void aRevisionTheReadModelNeverReachesIsAnsweredWithTheStaleFlag() {
        String id = createOrder("c-" + UUID.randomUUID());
        json().header("X-Min-Revision", "99")
                .get("/orders/" + id)
                .then()
                .statusCode(200)
                .header("X-Stale", "true")
                .body("stale", equalTo(true))
                .body("revision", equalTo(0));
    }

    @Test
    void ordersAreListedByCustomerAndStatusInKeysetPages() {
        String customer = "c-" + UUID.randomUUID();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = createOrder(customer);
            ids.add(id);
            json().get("/orders/" + id + "?minRevision=0").then().statusCode(200);
        }
        String next = json().get("/orders?customerId=" + customer + "&limit=2")
                .then()
                .statusCode(200)
                .body("orders", hasSize(2))
                .body("orders[0].id", equalTo(ids.get(4)))
                .body("next", notNullValue())
                .extract()
                .path("next");
        next = json().get("/orders?customerId=" + customer + "&limit=2&after=" + next)
                .then()
                .statusCode(200)
                .body("orders[0].id", equalTo(ids.get(2)))
                .extract()
                .path("next");
        json().get("/orders?customerId=" + customer + "&limit=2&after=" + next)
                .then()
                .statusCode(200)
                .body("orders", hasSize(1))
                .body("orders[0].id", equalTo(ids.get(0)))
                .body("next", nullValue());
        json().get("/orders?customerId=" + customer + "&status=paid")
                .then()
                .statusCode(200)
                .body("orders", hasSize(0));
        json().get("/orders?after=garbage").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void anUnknownStatusIs400NamingTheAllowedOnes() {
        json().get("/orders?status=foo")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("draft, placed, paid, shipped, delivered, cancelled"));
    }

    @Test
    void customerStatisticsFollowTheOrders() {
        String customer = "c-" + UUID.randomUUID();
        String id = createOrder(customer);
        addLine(id, "book", 2, 500);
        json().body(
                        "{\"shippingAddress\":{\"recipient\":\"A\",\"street\":\"S\",\"city\":\"C\",\"postalCode\":\"1\",\"country\":\"GB\"}}")
                .post("/orders/" + id + "/place")
                .then()
                .statusCode(200);
        json().body("{\"amount\":{\"amountMinor\":1000,\"currency\":\"EUR\"},\"paymentReference\":\"p\"}")
                .post("/orders/" + id + "/payment")
                .then()
                .statusCode(200);
        json().get("/orders/" + id + "?minRevision=3").then().statusCode(200).body("status", equalTo("paid"));
        json().get("/customers/" + customer + "/stats")
                .then()
                .statusCode(200)
                .body("[0].ordersCreated", equalTo(1))
                .body("[0].ordersPaid", equalTo(1))
                .body("[0].totalPaidMinor", equalTo(1_000));
    }
}
