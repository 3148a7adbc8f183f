package dev.orderlog.fulfilment;

import static org.awaitility.Awaitility.await;

import dev.orderlog.TestTokens;
import dev.orderlog.platform.web.Roles;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/** The fulfilment as its users drive it over HTTP: the warehouse, customers, operators, and the simulated provider. */
public final class FulfilmentApi {
    private FulfilmentApi() {}

    public static String sku() {
        return "sku-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String customer() {
        return "c-" + UUID.randomUUID();
    }

    public static RequestSpecification warehouse() {
        return TestTokens.as(Roles.WAREHOUSE, "w-1").contentType(ContentType.JSON);
    }

    public static RequestSpecification as(String customer) {
        return TestTokens.as(Roles.CUSTOMER, customer).contentType(ContentType.JSON);
    }

    public static void receive(String sku, int quantity) {
        warehouse()
                .body("{\"quantity\":" + quantity + "}")
                .post("/stock/" + sku + "/receipts")
                .then()
                .statusCode(200);
    }

    public static JsonPath stock(String sku) {
        return warehouse().get("/stock/" + sku).then().statusCode(200).extract().jsonPath();
    }

    /** Creates and places an order of the customer for {@code lines} (sku to quantity), 1000 minor units each. */
    public static String placeOrder(String customer, Map<String, Integer> lines) {
        String id = createOrder(customer);
        addLinesAndPlace(customer, id, lines);
        return id;
    }

    /** A draft order of the customer, in EUR. */
    public static String createOrder(String customer) {
        return as(customer)
                .body("{\"currency\":\"EUR\"}")
                .post("/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** Adds {@code lines} (sku to quantity, 1000 minor units each) to the customer's draft, then places it. */
    public static void addLinesAndPlace(String customer, String id, Map<String, Integer> lines) {
        lines.forEach((sku, quantity) -> as(customer)
                .body("{\"sku\":\"" + sku + "\",\"quantity\":" + quantity
                        + ",\"unitPrice\":{\"amountMinor\":1000,\"currency\":\"EUR\"}}")
                .post("/orders/" + id + "/lines")
                .then()
                .statusCode(200));
        as(customer).body("""
                {"shippingAddress":{"recipient":"Ada","street":"1 Main St","city":"London","postalCode":"N1 9GU","country":"GB"}}""").post("/orders/" + id + "/place").then().statusCode(200);
    }

    public static JsonPath fulfilment(String orderId) {
        return TestTokens.given()
                .get("/orders/" + orderId + "/fulfilment")
                .then()
                .extract()
                .jsonPath();
    }

    public static JsonPath awaitPhase(String orderId, String phase) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> TestTokens.given()
                                        .get("/orders/" + orderId + "/fulfilment")
                                        .then()
                                        .extract()
                                        .statusCode()
                                == 200
                        && phase.equals(fulfilment(orderId).getString("phase")));
        return fulfilment(orderId);
    }

    public static List<String> timeline(String orderId) {
        return fulfilment(orderId).getList("timeline.type");
    }

    public static JsonPath order(String orderId) {
        return TestTokens.given()
                .get("/orders/" + orderId + "/state")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** Tells the simulated provider how to answer for this customer (or order): charge, refund, webhooks, delay. */
    public static void provider(String scope, String id, String behaviour) {
        RestAssured.given()
                .baseUri(providerUrl())
                .contentType(ContentType.JSON)
                .body(behaviour)
                .put("/simulator/" + scope + "/" + id)
                .then()
                .statusCode(204);
    }

    /** What the simulated provider charged and refunded for the order. */
    public static List<Map<String, Object>> ledger(String orderId) {
        return RestAssured.given()
                .baseUri(providerUrl())
                .get("/simulator/charges?orderId=" + orderId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("");
    }

    /** The ledger as "kind:status" entries, charge and refund alike. */
    public static List<String> payments(String orderId) {
        return ledger(orderId).stream()
                .map(entry -> entry.get("kind") + ":" + entry.get("status"))
                .toList();
    }

    public static String providerUrl() {
        return ConfigProvider.getConfig().getValue("quarkus.rest-client.payment-provider.url", String.class);
    }
}
