package dev.orderlog.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.orderlog.TestTokens;
import dev.orderlog.platform.web.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Customers act for themselves: their id comes from the token, others' orders do not exist for them, keys are their own. */
@QuarkusTest
class CustomerOwnershipTest {

    private static RequestSpecification customer(String id) {
        return TestTokens.as(Roles.CUSTOMER, id).contentType(ContentType.JSON);
    }

    @Test
    void aCustomersOrderIsTheirsAndTheActorIsTheTokensSubject() {
        String ada = "c-" + UUID.randomUUID();
        String id = customer(ada)
                .body("{\"currency\":\"EUR\"}")
                .post("/orders")
                .then()
                .statusCode(201)
                .body("customerId", equalTo(ada))
                .extract()
                .path("id");
        customer(ada)
                .body("{\"customerId\":\"someone-else\",\"currency\":\"EUR\"}")
                .post("/orders")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        TestTokens.given()
                .contentType(ContentType.JSON)
                .body("{\"reason\":\"fraud check\"}")
                .post("/orders/" + id + "/cancel")
                .then()
                .statusCode(200);

        TestTokens.given()
                .get("/orders/" + id + "/events")
                .then()
                .statusCode(200)
                .body("[0].metadata.actor", equalTo(ada))
                .body("[1].metadata.actor", equalTo(TestTokens.ADMIN_SUBJECT));
        // The customer reads their own subject, and "staff" for whoever else acted: a staff member's name is not theirs
        // to know.
        customer(ada)
                .get("/orders/" + id + "/events")
                .then()
                .statusCode(200)
                .body("[0].metadata.actor", equalTo(ada))
                .body("[1].metadata.actor", equalTo("staff"));
        // Staff must say whom an order is for.
        TestTokens.given()
                .contentType(ContentType.JSON)
                .body("{\"currency\":\"EUR\"}")
                .post("/orders")
                .then()
                .statusCode(400);
    }

    @Test
    void anotherCustomersOrderAnswersExactlyLikeAMissingOne() {
        String ada = "c-" + UUID.randomUUID();
        String bob = "c-" + UUID.randomUUID();
        String adasOrder = customer(ada)
                .body("{\"currency\":\"EUR\"}")
                .post("/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String missing = UUID.randomUUID().toString();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> customer(ada).get("/orders/" + adasOrder).statusCode() == 200);

        for (String path : List.of("/orders/%s", "/orders/%s/events", "/orders/%s/state")) {
            Response theirs = customer(bob).get(path.formatted(adasOrder));
            Response none = customer(bob).get(path.formatted(missing));
            assertThat(theirs.statusCode()).as(path).isEqualTo(404);
            assertThat(none.statusCode()).as(path).isEqualTo(404);
            assertThat(theirs.jsonPath().getString("title"))
                    .isEqualTo(none.jsonPath().getString("title"));
        }
        String line = "{\"sku\":\"pen\",\"quantity\":1,\"unitPrice\":{\"amountMinor\":100,\"currency\":\"EUR\"}}";
        Response theirs = customer(bob).body(line).post("/orders/" + adasOrder + "/lines");
        Response none = customer(bob).body(line).post("/orders/" + missing + "/lines");
        assertThat(theirs.statusCode()).isEqualTo(404);
        assertThat(theirs.jsonPath().getString("detail"))
                .isEqualTo(none.jsonPath().getString("detail"));
        assertThat(theirs.jsonPath().getString("type"))
                .isEqualTo(none.jsonPath().getString("type"));
        // An If-Match does not tell them apart either: both are not found before any revision is compared.
        customer(bob)
                .header("If-Match", "\"0\"")
                .body("{\"reason\":\"probe\"}")
                .post("/orders/" + missing + "/cancel")
                .then()
                .statusCode(404);
        customer(bob)
                .header("If-Match", "\"0\"")
                .body("{\"reason\":\"probe\"}")
                .post("/orders/" + adasOrder + "/cancel")
                .then()
                .statusCode(404);
        // Nor does waiting for a revision: someone else's order is waited for as long as a missing one.
        long started = System.nanoTime();
        customer(bob).get("/orders/" + adasOrder + "?minRevision=0").then().statusCode(404);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        customer(bob).get("/customers/" + ada + "/stats").then().statusCode(404);
        customer(bob).get("/orders?customerId=" + ada).then().statusCode(403);
        customer(bob).get("/orders").then().statusCode(200).body("orders", hasSize(0));
        customer(ada).get("/orders").then().statusCode(200).body("orders.id", equalTo(List.of(adasOrder)));

        TestTokens.given().get("/orders/" + adasOrder + "/events").then().body("", hasSize(1));
    }

    /** Two customers racing with the same key and the same body: two orders, each its owner's, neither a replay. */
    @Test
    void theSameIdempotencyKeyFromTwoCustomersMakesTwoOrders() throws Exception {
        String key = "k-" + UUID.randomUUID();
        List<String> customers = List.of("c-" + UUID.randomUUID(), "c-" + UUID.randomUUID());
        List<Response> answers;
        try (ExecutorService clients = Executors.newFixedThreadPool(customers.size())) {
            List<Callable<Response>> creates = customers.stream()
                    .<Callable<Response>>map(c -> () -> customer(c)
                            .header("Idempotency-Key", key)
                            .body("{\"currency\":\"EUR\"}")
                            .post("/orders"))
                    .toList();
            answers = clients.invokeAll(creates).stream()
                    .map(CustomerOwnershipTest::get)
                    .toList();
        }
        for (int i = 0; i < customers.size(); i++) {
            assertThat(answers.get(i).statusCode()).isEqualTo(201);
            assertThat(answers.get(i).header("Idempotent-Replayed")).isNull();
            assertThat(answers.get(i).jsonPath().getString("customerId")).isEqualTo(customers.get(i));
        }
        assertThat(answers.get(0).jsonPath().getString("id"))
                .isNotEqualTo(answers.get(1).jsonPath().getString("id"));
        // Each customer's own retry is recognised.
        customer(customers.get(0))
                .header("Idempotency-Key", key)
                .body("{\"currency\":\"EUR\"}")
                .post("/orders")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(answers.get(0).jsonPath().getString("id")));
    }

    private static Response get(Future<Response> answer) {
        try {
            return answer.get();
        } catch (Exception failed) {
            throw new IllegalStateException(failed);
        }
    }
}
