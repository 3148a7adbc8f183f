package dev.orderlog.order.readmodel;

import static dev.orderlog.TestTokens.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.orderlog.order.Orders;
import io.kurrent.dbclient.KurrentDBClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A rebuild that cannot apply every event of the log does not swap its tables in: the live read model, which has the
 * event parked (or repaired by hand), stays, and the rebuild says which events it could not apply. Runs in a JVM of
 * its own (see the poisoned-log execution in pom.xml): the event it leaves in the log would stop every later rebuild.
 */
@QuarkusTest
class PoisonedLogRebuildTest {
    @Inject
    KurrentDBClient client;

    @Inject
    EntityManager entities;

    @Test
    void aRebuildThatCannotApplyAnEventKeepsTheLiveReadModelAndSaysWhy() throws Exception {
        String poisoned = UUID.randomUUID().toString();
        client.appendToStream(Orders.STREAMS.streamOf(poisoned), PoisonedOrder.events(poisoned))
                .get();
        String healthy = given().contentType(ContentType.JSON)
                .body("{\"customerId\":\"c-ok\",\"currency\":\"EUR\"}")
                .post("/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().get("/orders/" + healthy + "?minRevision=0").then().statusCode(200);
        QuarkusTransaction.requiringNew().run(() -> OrderSummary.<OrderSummary>findById(healthy).totalMinor = 4_242);

        given().post("/admin/projections/" + OrderProjection.NAME + "/rebuild")
                .then()
                .statusCode(202);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "failed"
                        .equals(given().get("/admin/projections/" + OrderProjection.NAME + "/rebuild")
                                .then()
                                .extract()
                                .path("state")));
        given().get("/admin/projections/" + OrderProjection.NAME + "/rebuild")
                .then()
                .body("failure", containsString("could not be applied"))
                .body("unapplied", hasItem(containsString(Orders.STREAMS.streamOf(poisoned) + "@1")));

        // Not swapped: the live summary still carries what was written to it, and the rebuild's schema is gone.
        given().get("/orders/" + healthy).then().statusCode(200).body("totalMinor", equalTo(4_242));
        long rebuildSchemas = QuarkusTransaction.requiringNew()
                .call(() -> ((Number) entities.createNativeQuery(
                                        "SELECT count(*) FROM information_schema.schemata WHERE starts_with(schema_name, ?1)")
                                .setParameter(1, OrderProjection.TABLES.schema() + "_rebuild")
                                .getSingleResult())
                        .longValue());
        assertThat(rebuildSchemas).isZero();
    }
}
