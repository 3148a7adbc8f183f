package dev.orderlog.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.TestTokens;
import dev.orderlog.fulfilment.FulfilmentInput;
import dev.orderlog.fulfilment.Fulfilments;
import dev.orderlog.fulfilment.Job;
import dev.orderlog.platform.command.CommandContext;
import dev.orderlog.platform.web.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint the OpenAPI document lists, called with no token, with each role, and as a customer who does not own
 * what the path names. The rules below are README's role matrix; an endpoint the document lists without a rule here
 * fails the test, so none can be added and forgotten.
 */
@QuarkusTest
class EndpointRoleMatrixTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OWNER = "c-matrix-owner";
    private static final String STRANGER = "c-matrix-stranger";
    private static final String NO_PROJECTION = "no-such-projection";
    private static final String MATRIX_SKU = "pen";
    /** A stale If-Match: an allowed caller reaches the command and is answered 412, and nothing is appended. */
    private static final String STALE = "\"0\"";

    private static final String LINE =
            "{\"sku\":\"pen\",\"quantity\":1,\"unitPrice\":{\"amountMinor\":100,\"currency\":\"EUR\"}}";

    private enum Caller {
        NOBODY,
        OWNER,
        STRANGER,
        WAREHOUSE,
        ADMIN
    }

    /**
     * One endpoint's rule: the roles allowed, what they are answered, and whether the path names something of the owner
     * (then a stranger, though a customer, is answered 404 as if it did not exist).
     */
    private record Rule(Set<String> roles, int answer, boolean owned, String body) {}

    private static final Set<String> CUSTOMER_OR_ADMIN = Set.of(Roles.CUSTOMER, Roles.ADMIN);
    private static final Set<String> WAREHOUSE_OR_ADMIN = Set.of(Roles.WAREHOUSE, Roles.ADMIN);
    private static final Set<String> EVERY_ROLE = Set.of(Roles.CUSTOMER, Roles.WAREHOUSE, Roles.ADMIN);
    private static final Set<String> ADMIN = Set.of(Roles.ADMIN);

    private static Map<String, Rule> rules() {
        Map<String, Rule> rules = new LinkedHashMap<>();
        rules.put("POST /orders", new Rule(CUSTOMER_OR_ADMIN, 201, false, "{\"currency\":\"EUR\"}"));
        rules.put("GET /orders", new Rule(EVERY_ROLE, 200, false, null));
        rules.put("GET /orders/{id}", new Rule(EVERY_ROLE, 200, true, null));
        rules.put("POST /orders/{id}/lines", new Rule(CUSTOMER_OR_ADMIN, 412, true, LINE));
        rules.put("PUT /orders/{id}/lines/{sku}", new Rule(CUSTOMER_OR_ADMIN, 412, true, "{\"quantity\":2}"));
        rules.put("DELETE /orders/{id}/lines/{sku}", new Rule(CUSTOMER_OR_ADMIN, 412, true, null));
        rules.put(
                "POST /orders/{id}/place",
                new Rule(
                        CUSTOMER_OR_ADMIN,
                        412,
                        true,
                        "{\"shippingAddress\":{\"recipient\":\"Ada\",\"street\":\"1 Main St\",\"city\":\"London\",\"postalCode\":\"N1\",\"country\":\"GB\"}}"));
        rules.put(
                "POST /orders/{id}/payment",
                new Rule(
                        ADMIN,
                        412,
                        true,
                        "{\"amount\":{\"amountMinor\":100,\"currency\":\"EUR\"},\"paymentReference\":\"psp-matrix\"}"));
        rules.put("POST /orders/{id}/cancel", new Rule(CUSTOMER_OR_ADMIN, 412, true, "{\"reason\":\"matrix\"}"));
        rules.put(
                "POST /orders/{id}/ship",
                new Rule(WAREHOUSE_OR_ADMIN, 412, true, "{\"trackingNumber\":\"TRK-matrix\"}"));
        rules.put("POST /orders/{id}/deliver", new Rule(WAREHOUSE_OR_ADMIN, 412, true, null));
        rules.put("GET /orders/{id}/events", new Rule(EVERY_ROLE, 200, true, null));
        rules.put("GET /orders/{id}/state", new Rule(EVERY_ROLE, 200, true, null));
        rules.put("GET /customers/{id}/stats", new Rule(CUSTOMER_OR_ADMIN, 200, true, null));
        rules.put("GET /orders/{id}/fulfilment", new Rule(EVERY_ROLE, 200, true, null));
        // The instance is still reserving stock: the warehouse reaches the process, which refuses a shipment nobody
        // awaits.
        rules.put(
                "POST /orders/{id}/fulfilment/shipment",
                new Rule(WAREHOUSE_OR_ADMIN, 409, true, "{\"trackingNumber\":\"TRK-matrix\"}"));
        rules.put("GET /stock/{sku}", new Rule(EVERY_ROLE, 200, false, null));
        rules.put("POST /stock/{sku}/receipts", new Rule(WAREHOUSE_OR_ADMIN, 200, false, "{\"quantity\":1}"));
        rules.put(
                "POST /stock/{sku}/counts",
                new Rule(ADMIN, 412, false, "{\"onHand\":0,\"reason\":\"Counted nothing\"}"));
        // Authenticated by the provider's signature, not a token: unsigned, it is refused whoever calls.
        rules.put("POST /webhooks/payments", new Rule(Set.of(), 401, false, "{\"id\":\"evt-matrix\"}"));
        rules.put("GET /admin/fulfilment", new Rule(ADMIN, 200, false, null));
        rules.put("GET /admin/fulfilment/{orderId}", new Rule(ADMIN, 200, false, null));
        rules.put("POST /admin/fulfilment/{orderId}/retry", new Rule(ADMIN, 409, false, "{\"note\":\"matrix\"}"));
        rules.put("POST /admin/fulfilment/{orderId}/resolve", new Rule(ADMIN, 409, false, "{\"note\":\"matrix\"}"));
        rules.put("GET /admin/projections", new Rule(ADMIN, 200, false, null));
        // A projection that does not exist: the admin gets past authorization to the endpoint's own 404, and nothing
        // runs.
        rules.put("GET /admin/projections/{name}/parked", new Rule(ADMIN, 404, false, null));
        rules.put("POST /admin/projections/{name}/parked/replay", new Rule(ADMIN, 404, false, null));
        rules.put("POST /admin/projections/{name}/rebuild", new Rule(ADMIN, 404, false, null));
        rules.put("GET /admin/projections/{name}/rebuild", new Rule(ADMIN, 404, false, null));
        return rules;
    }

    @Inject
    Fulfilments fulfilments;

    @Test
    void everyEndpointAnswersEachCallerByTheRoleMatrix() throws Exception {
        Set<String> documented = documentedEndpoints();
        Map<String, Rule> rules = rules();
        assertThat(documented)
                .as("every endpoint in the OpenAPI document has a rule, and every rule an endpoint")
                .containsExactlyInAnyOrderElementsOf(rules.keySet());

        String orderId = ownersOrder();
        // A fulfilment instance of the order, recorded only (the process does not run in this profile), for its
        // endpoints to show.
        fulfilments.record(
                orderId,
                new FulfilmentInput.Order.Placed(
                        new Job(orderId, OWNER, "EUR", 100, List.of(new Job.Line(MATRIX_SKU, 1)), "matrix")),
                CommandContext.correlated("matrix").causedBy("matrix").actedBy("matrix"));
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, Rule> endpoint : rules.entrySet()) {
            for (Caller caller : Caller.values()) {
                int expected = expected(endpoint.getValue(), caller);
                int actual = call(endpoint.getKey(), endpoint.getValue(), caller, orderId);
                checked++;
                if (actual != expected) {
                    failures.add(endpoint.getKey() + " as " + caller + ": expected " + expected + ", got " + actual);
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(checked).isEqualTo(rules.size() * Caller.values().length);
        // Nothing a refused or stale command did reached the order: it is still the owner's, with its one line.
        TestTokens.given()
                .get("/orders/" + orderId + "/events")
                .then()
                .statusCode(200)
                .body("size()", equalTo(2))
                .body("[0].event.customerId", equalTo(OWNER));
    }

    @Test
    void healthStaysOpenOnTheManagementInterface() {
        RestAssured.given()
                .port(ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class))
                .get("/q/health/ready")
                .then()
                .statusCode(200);
    }

    private static int expected(Rule rule, Caller caller) {
        if (rule.roles().isEmpty()) {
            return rule.answer();
        }
        String role = switch (caller) {
            case NOBODY -> null;
            case OWNER, STRANGER -> Roles.CUSTOMER;
            case WAREHOUSE -> Roles.WAREHOUSE;
            case ADMIN -> Roles.ADMIN;
        };
        if (role == null) {
            return 401;
        }
        if (!rule.roles().contains(role)) {
            return 403;
        }
        return caller == Caller.STRANGER && rule.owned() ? 404 : rule.answer();
    }

    private static int call(String endpoint, Rule rule, Caller caller, String orderId) {
        String method = endpoint.substring(0, endpoint.indexOf(' '));
        String path = endpoint.substring(endpoint.indexOf(' ') + 1)
                .replace("/customers/{id}", "/customers/" + OWNER)
                .replace("{id}", orderId)
                .replace("{orderId}", orderId)
                .replace("{sku}", MATRIX_SKU)
                .replace("{name}", NO_PROJECTION);
        RequestSpecification request = switch (caller) {
            case NOBODY -> RestAssured.given();
            case OWNER -> TestTokens.as(Roles.CUSTOMER, OWNER);
            case STRANGER -> TestTokens.as(Roles.CUSTOMER, STRANGER);
            case WAREHOUSE -> TestTokens.as(Roles.WAREHOUSE, "w-matrix");
            case ADMIN -> TestTokens.as(Roles.ADMIN, "a-matrix");
        };
        request.header("If-Match", STALE);
        if (rule.body() != null) {
            request.contentType(ContentType.JSON)
                    .body(
                            endpoint.equals("POST /orders") && caller == Caller.ADMIN
                                    ? "{\"customerId\":\"" + OWNER + "\",\"currency\":\"EUR\"}"
                                    : rule.body());
        }
        Response response = request.request(method, path);
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            assertThat(response.contentType()).as(endpoint + " as " + caller).startsWith("application/problem+json");
        }
        return response.statusCode();
    }

    /** The owner's order with one line, in the read model too, so every query about it has an answer. */
    private static String ownersOrder() {
        String id = TestTokens.as(Roles.CUSTOMER, OWNER)
                .contentType(ContentType.JSON)
                .body("{\"currency\":\"EUR\"}")
                .post("/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        TestTokens.as(Roles.CUSTOMER, OWNER)
                .contentType(ContentType.JSON)
                .body(LINE)
                .post("/orders/" + id + "/lines")
                .then()
                .statusCode(200);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> TestTokens.given()
                                        .get("/orders/" + id + "?minRevision=1")
                                        .statusCode()
                                == 200
                        && TestTokens.given()
                                        .get("/customers/" + OWNER + "/stats")
                                        .statusCode()
                                == 200);
        return id;
    }

    private static Set<String> documentedEndpoints() throws Exception {
        String document = RestAssured.given()
                .port(ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class))
                .accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Set<String> endpoints = new TreeSet<>();
        Iterator<Map.Entry<String, JsonNode>> paths =
                JSON.readTree(document).path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (List.of("get", "put", "post", "delete", "patch", "head", "options")
                        .contains(method)) {
                    endpoints.add(method.toUpperCase() + " " + path.getKey());
                }
            });
        }
        return endpoints;
    }
}
