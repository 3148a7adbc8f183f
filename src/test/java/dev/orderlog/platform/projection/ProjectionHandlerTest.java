package dev.orderlog.platform.projection;

import static dev.orderlog.TestTokens.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderlog.order.Orders;
import dev.orderlog.order.readmodel.OrderProjection;
import dev.orderlog.order.readmodel.OrderSummary;
import dev.orderlog.platform.kurrentdb.StreamReads;
import dev.orderlog.platform.subscription.BatchHandler;
import dev.orderlog.platform.tracing.EventTracing;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.RecordedEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A projection's batches as consumers of one group hand them over: an event that reaches a projection before its
 * predecessors (they wait in another replica's buffer, or were taken by a consumer that died) is not sent back to burn
 * the group's retries, and two consumers that hold the same events at once apply them once.
 */
@QuarkusTest
class ProjectionHandlerTest {
    @Inject
    Schemas schemas;

    @Inject
    CommittedRevisions committed;

    @Inject
    OrderProjection orderProjection;

    @Inject
    KurrentDBClient client;

    /** The order projection writing into a scratch copy of its tables, so the live consumer does not interfere. */
    private Projection intoSchema(String schema) {
        ReadModelTables tables =
                new ReadModelTables(schema, OrderProjection.TABLES.placeholder(), OrderProjection.TABLES.migrations());
        return new Projection() {
            @Override
            public String name() {
                return "healing-" + schema;
            }

            @Override
            public String streamRegex() {
                return orderProjection.streamRegex();
            }

            @Override
            public ReadModelTables tables() {
                return tables;
            }

            @Override
            public Outcome apply(RecordedEvent event) {
                return orderProjection.apply(event);
            }

            @Override
            public void flush() {
                orderProjection.flush();
            }
        };
    }

    /** An order with three lines (four events), created through the API; answers its id. */
    private static String orderWithThreeLines(String customer) {
        String id = given().contentType(ContentType.JSON)
                .body("{\"customerId\":\"" + customer + "\",\"currency\":\"EUR\"}")
                .post("/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        for (int line = 1; line <= 3; line++) {
            given().contentType(ContentType.JSON)
                    .body("{\"sku\":\"s" + line + "\",\"quantity\":" + line
                            + ",\"unitPrice\":{\"amountMinor\":100,\"currency\":\"EUR\"}}")
                    .post("/orders/" + id + "/lines")
                    .then()
                    .statusCode(200);
        }
        return id;
    }

    @Test
    void anEarlyEventIsAppliedAfterTheEventsBeforeItAreReadFromTheLog() throws Exception {
        String id = orderWithThreeLines("c-heal");
        String stream = Orders.STREAMS.streamOf(id);
        StreamReads reads = new StreamReads(client);
        List<RecordedEvent> events = reads.from(stream, 0);
        String schema = "healing_" + UUID.randomUUID().toString().substring(0, 8);
        QuarkusTransaction.requiringNew().run(() -> schemas.create(OrderProjection.TABLES, schema));
        try {
            Projection scratch = intoSchema(schema);
            ProjectionHandler handler = new ProjectionHandler(scratch, schemas, reads, committed, EventTracing.off());

            assertThat(handler.handle(List.of(events.get(3)))).containsExactly(BatchHandler.Outcome.APPLIED);
            assertThat(handler.handle(List.of(events.get(1), events.get(2), events.get(3))))
                    .containsExactly(
                            BatchHandler.Outcome.DUPLICATE,
                            BatchHandler.Outcome.DUPLICATE,
                            BatchHandler.Outcome.DUPLICATE);

            OrderSummary healed = QuarkusTransaction.requiringNew().call(() -> {
                schemas.use(schema);
                return OrderSummary.<OrderSummary>findById(id);
            });
            assertThat(healed.lastRevision).isEqualTo(3);
            assertThat(healed.lineCount).isEqualTo(3);
            assertThat(healed.totalMinor).isEqualTo(600);
            assertThat(committed.await(scratch.name(), stream, 3, Duration.ZERO))
                    .isTrue();
        } finally {
            QuarkusTransaction.requiringNew().run(() -> schemas.drop(schema));
        }
    }

    @Test
    void twoConsumersHoldingTheSameEventsAtOnceApplyThemOnce() throws Exception {
        String customer = "c-twice-" + UUID.randomUUID();
        String id = orderWithThreeLines(customer);
        List<RecordedEvent> events = new StreamReads(client).from(Orders.STREAMS.streamOf(id), 0);
        String schema = "twice_" + UUID.randomUUID().toString().substring(0, 8);
        QuarkusTransaction.requiringNew().run(() -> schemas.create(OrderProjection.TABLES, schema));
        try {
            Projection scratch = intoSchema(schema);
            StreamReads reads = new StreamReads(client);
            List<ProjectionHandler> consumers = List.of(
                    new ProjectionHandler(scratch, schemas, reads, committed, EventTracing.off()),
                    new ProjectionHandler(scratch, schemas, reads, committed, EventTracing.off()));
            java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
            List<List<BatchHandler.Outcome>> outcomes;
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
                var first = pool.submit(() -> {
                    together.await();
                    return consumers.get(0).handle(events);
                });
                var second = pool.submit(() -> {
                    together.await();
                    return consumers.get(1).handle(events);
                });
                outcomes = List.of(first.get(), second.get());
            }
            // One transaction waits on the other's order lock, then finds every event applied.
            assertThat(outcomes)
                    .containsExactlyInAnyOrder(
                            List.of(
                                    BatchHandler.Outcome.APPLIED,
                                    BatchHandler.Outcome.APPLIED,
                                    BatchHandler.Outcome.APPLIED,
                                    BatchHandler.Outcome.APPLIED),
                            List.of(
                                    BatchHandler.Outcome.DUPLICATE,
                                    BatchHandler.Outcome.DUPLICATE,
                                    BatchHandler.Outcome.DUPLICATE,
                                    BatchHandler.Outcome.DUPLICATE));
            Number created = QuarkusTransaction.requiringNew().call(() -> {
                schemas.use(schema);
                return (Number) OrderSummary.getEntityManager()
                        .createNativeQuery("SELECT orders_created FROM customer_stats WHERE customer_id = ?1")
                        .setParameter(1, customer)
                        .getSingleResult();
            });
            assertThat(created.intValue()).isEqualTo(1);
            OrderSummary summary = QuarkusTransaction.requiringNew().call(() -> {
                schemas.use(schema);
                return OrderSummary.<OrderSummary>findById(id);
            });
            assertThat(summary.lineCount).isEqualTo(3);
            assertThat(summary.totalMinor).isEqualTo(600);
        } finally {
            QuarkusTransaction.requiringNew().run(() -> schemas.drop(schema));
        }
    }
}
