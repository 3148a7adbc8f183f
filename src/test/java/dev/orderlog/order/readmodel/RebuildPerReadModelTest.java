package dev.orderlog.order.readmodel;

import static dev.orderlog.TestTokens.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderlog.order.Orders;
import dev.orderlog.platform.projection.Schemas;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Two read models (orders, and the tests' order activity) each rebuild on their own: a rebuild replaces its own tables,
 * leaves the other read model's as they were, and the other keeps serving meanwhile.
 */
@QuarkusTest
class RebuildPerReadModelTest {
    @Inject
    Orders orders;

    @Inject
    Schemas schemas;

    @Inject
    EntityManager entities;

    private static String createOrderWithLine() {
        String id = given().contentType(ContentType.JSON)
                .body("{\"customerId\":\"c-two-models\",\"currency\":\"EUR\"}")
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

    private long activityRows(String id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            schemas.use(OrderActivityProjection.TABLES.schema());
            return ((Number) entities.createNativeQuery("SELECT count(*) FROM order_activity WHERE stream = ?1")
                            .setParameter(1, Orders.STREAMS.streamOf(id))
                            .getSingleResult())
                    .longValue();
        });
    }

    private void rebuild(String projection) {
        given().post("/admin/projections/" + projection + "/rebuild").then().statusCode(202);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "done"
                        .equals(given().get("/admin/projections/" + projection + "/rebuild")
                                .then()
                                .extract()
                                .path("state")));
    }

    @Test
    void eachReadModelRebuildsAloneWhileTheOtherKeepsServing() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(createOrderWithLine());
        }
        String damaged = ids.getFirst();
        given().get("/orders/" + damaged + "?minRevision=1").then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> activityRows(damaged) == 2);
        QuarkusTransaction.requiringNew().run(() -> OrderSummary.<OrderSummary>findById(damaged).totalMinor = 999_999);
        QuarkusTransaction.requiringNew().run(() -> {
            schemas.use(OrderActivityProjection.TABLES.schema());
            entities.createNativeQuery("DELETE FROM order_activity WHERE stream = ?1")
                    .setParameter(1, Orders.STREAMS.streamOf(damaged))
                    .executeUpdate();
        });

        List<Integer> orderQueries = new CopyOnWriteArrayList<>();
        AtomicBoolean querying = new AtomicBoolean(true);
        Thread reader = Thread.ofPlatform().start(() -> {
            while (querying.get()) {
                orderQueries.add(given().get("/orders/" + ids.get(1)).statusCode());
            }
        });
        rebuild(OrderActivityProjection.NAME);
        querying.set(false);
        reader.join();
        assertThat(activityRows(damaged)).isEqualTo(2);
        assertThat(orderQueries).isNotEmpty().containsOnly(200);
        // The order read model was not rebuilt: its damage is still there.
        given().get("/orders/" + damaged)
                .then()
                .statusCode(200)
                .body("totalMinor", org.hamcrest.Matchers.equalTo(999_999));

        QuarkusTransaction.requiringNew().run(() -> {
            schemas.use(OrderActivityProjection.TABLES.schema());
            entities.createNativeQuery("DELETE FROM order_activity WHERE stream = ?1")
                    .setParameter(1, Orders.STREAMS.streamOf(ids.get(2)))
                    .executeUpdate();
        });
        List<Long> activityReads = new CopyOnWriteArrayList<>();
        querying.set(true);
        Thread activityReader = Thread.ofPlatform().start(() -> {
            while (querying.get()) {
                activityReads.add(activityRows(ids.get(1)));
            }
        });
        rebuild(OrderProjection.NAME);
        querying.set(false);
        activityReader.join();
        ReadModelAssertions.assertReadModelEqualsTheFold(orders, ids);
        assertThat(activityReads).isNotEmpty().containsOnly(2L);
        // The activity read model was not rebuilt this time: the rows deleted from it stay deleted.
        assertThat(activityRows(ids.get(2))).isZero();
    }

    @Test
    void aRebuildRetriesWhatPostgresqlRefusedForAMomentInsteadOfSkippingIt() {
        String id = createOrderWithLine();
        await().atMost(Duration.ofSeconds(20)).until(() -> activityRows(id) == 2);
        QuarkusTransaction.requiringNew().run(() -> {
            schemas.use(OrderActivityProjection.TABLES.schema());
            entities.createNativeQuery("DELETE FROM order_activity WHERE stream = ?1")
                    .setParameter(1, Orders.STREAMS.streamOf(id))
                    .executeUpdate();
        });
        OrderActivityProjection.PASSING_OUTAGE.set(3);
        rebuild(OrderActivityProjection.NAME);
        assertThat(OrderActivityProjection.PASSING_OUTAGE.get()).isZero();
        given().get("/admin/projections/" + OrderActivityProjection.NAME + "/rebuild")
                .then()
                .body("unapplied", org.hamcrest.Matchers.empty());
        assertThat(activityRows(id)).isEqualTo(2);
    }

    @Test
    void aRebuildsProgressIsKeptWhereEveryReplicaReadsIt() {
        createOrderWithLine();
        rebuild(OrderActivityProjection.NAME);
        long answered = ((Number) given().get("/admin/projections/" + OrderActivityProjection.NAME + "/rebuild")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("applied"))
                .longValue();
        Object[] stored = QuarkusTransaction.requiringNew().call(() -> (Object[])
                entities.createNativeQuery("SELECT state, applied FROM public.rebuild_progress WHERE projection = ?1")
                        .setParameter(1, OrderActivityProjection.NAME)
                        .getSingleResult());
        assertThat(stored[0]).isEqualTo("done");
        assertThat(((Number) stored[1]).longValue()).isEqualTo(answered).isPositive();
    }
}
