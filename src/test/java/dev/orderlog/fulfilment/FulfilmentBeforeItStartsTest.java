package dev.orderlog.fulfilment;

import static dev.orderlog.fulfilment.FulfilmentApi.as;
import static dev.orderlog.fulfilment.FulfilmentApi.customer;
import static dev.orderlog.fulfilment.FulfilmentApi.placeOrder;
import static dev.orderlog.fulfilment.FulfilmentApi.sku;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import dev.orderlog.TestTokens;
import dev.orderlog.platform.web.Roles;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What an order's fulfilment answers before its process has recorded anything. This profile runs without the process,
 * so "before" lasts for ever here and the answer can be pinned: placed means due ("starting"), not placed means none.
 */
@QuarkusTest
class FulfilmentBeforeItStartsTest {

    @Test
    void aPlacedOrdersFulfilmentAnswersStartingAtOnce() {
        String customer = customer();
        String order = placeOrder(customer, Map.of(sku(), 1));
        as(customer)
                .get("/orders/" + order + "/fulfilment")
                .then()
                .statusCode(200)
                .body("phase", equalTo("starting"))
                .body("timeline", empty())
                .body("revision", equalTo(-1));
        TestTokens.as(Roles.WAREHOUSE, "w-1")
                .get("/orders/" + order + "/fulfilment")
                .then()
                .statusCode(200)
                .body("phase", equalTo("starting"));
    }

    @Test
    void anOrderCancelledAfterPlacingIsStillStarting() {
        String customer = customer();
        String order = placeOrder(customer, Map.of(sku(), 1));
        as(customer)
                .body("{\"reason\":\"changed my mind\"}")
                .post("/orders/" + order + "/cancel")
                .then()
                .statusCode(200);
        as(customer)
                .get("/orders/" + order + "/fulfilment")
                .then()
                .statusCode(200)
                .body("phase", equalTo("starting"));
    }

    @Test
    void aDraftHasNoFulfilment() {
        String customer = customer();
        String draft = as(customer)
                .body("{\"currency\":\"EUR\"}")
                .post("/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as(customer)
                .get("/orders/" + draft + "/fulfilment")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("starts when the order is placed"));
    }

    @Test
    void anUnknownOrderAndAnotherCustomersOrderLookTheSame() {
        String order = placeOrder(customer(), Map.of(sku(), 1));
        String unknown = UUID.randomUUID().toString();
        as(customer())
                .get("/orders/" + order + "/fulfilment")
                .then()
                .statusCode(404)
                .body("detail", containsString("No fulfilment"));
        as(customer())
                .get("/orders/" + unknown + "/fulfilment")
                .then()
                .statusCode(404)
                .body("detail", containsString("No fulfilment"));
    }
}
