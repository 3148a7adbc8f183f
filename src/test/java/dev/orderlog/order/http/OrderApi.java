package dev.orderlog.order.http;

import static dev.orderlog.TestTokens.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** Small helpers that speak the order API the way a client would. */
final class OrderApi {
    static final String ADDRESS = """
            {"shippingAddress":{"recipient":"Ada Lovelace","street":"1 Main St","city":"London","postalCode":"N1 9GU","country":"GB"}}""";

    private OrderApi() {}

    static RequestSpecification json() {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    static String createOrder() {
        return json().body("{\"customerId\":\"c-1\",\"currency\":\"EUR\"}")
                .post("/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    static ValidatableResponse addLine(String id, String sku, int quantity, long unitPriceMinor) {
        return json().body("{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + ",\"unitPrice\":{\"amountMinor\":"
                        + unitPriceMinor + ",\"currency\":\"EUR\"}}")
                .post("/orders/" + id + "/lines")
                .then();
    }

    static ValidatableResponse events(String id) {
        return json().get("/orders/" + id + "/events").then();
    }
}
