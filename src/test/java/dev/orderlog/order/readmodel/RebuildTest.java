package dev.orderlog.order.readmodel;

import static dev.orderlog.TestTokens.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderlog.order.Orders;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A rebuild during writes ends with a read model equal to the fold of the log, and queries never stop. */
@QuarkusTest
class RebuildTest {
    @Inject
    Orders orders;

    private static String createOrderWithLine() {
        String id = given().contentType(ContentType.JSON)
                .body("{\"customerId\":\"c-rebuild\",\"currency\":\"EUR\"}")
                .post("/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().contentType(ContentType.JSON)
                .body("{\"sku\":\"a\",\"quantity\":2,\"unitPrice\":{\"amountMinor\":300,\"currency\":\"EUR\"}}")
                .post("/orders/" + id + "/lines")
                .then()
                .statusCode(200);
        return id;
    }

    @Test
    void aRebuildDuringWritesRepairsTheReadModelAndSwitchesOverWithoutDowntime() throws Exception {
        List<String> ids = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(createOrderWithLine());
        }
        String damaged = ids.getFirst();
        given().get("/orders/" + damaged + "?minRevision=1").then().statusCode(200);
        QuarkusTransaction.requiringNew().run(() -> OrderSummary.<OrderSummary>findById(damaged).totalMinor = 999_999);

        AtomicBoolean writing = new AtomicBoolean(true);
        List<Integer> queryStatuses = new CopyOnWriteArrayList<>();
        Thread writer = Thread.ofPlatform().start(() -> {
            while (writing.get()) {
                ids.add(createOrderWithLine());
                queryStatuses.add(given().get("/orders/" + ids.get(1)).statusCode());
            }
        });
        given().post("/admin/projections/" + OrderProjection.NAME + "/rebuild")
                .then()
                .statusCode(202);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "done"
                        .equals(given().get("/admin/projections/" + OrderProjection.NAME + "/rebuild")
                                .then()
                                .extract()
                                .path("state")));
        writing.set(false);
        writer.join();

        assertThat(queryStatuses).isNotEmpty().containsOnly(200);
        ReadModelAssertions.assertReadModelEqualsTheFold(orders, ids);
        assertThat(ids).hasSizeGreaterThan(5);
    }
}
