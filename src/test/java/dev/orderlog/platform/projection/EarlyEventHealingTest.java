package dev.orderlog.platform.projection;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderlog.order.Orders;
import dev.orderlog.order.readmodel.OrderProjection;
import dev.orderlog.order.readmodel.OrderSummary;
import dev.orderlog.platform.kurrentdb.StreamReads;
import dev.orderlog.platform.subscription.BatchHandler;
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
 * An event that reaches a projection before its predecessors (they wait in another replica's buffer, or were taken by
 * a consumer that died) is not sent back to burn the group's retries: the missing events are read from the log and
 * applied first, in the same transaction.
 */
@QuarkusTest
class EarlyEventHealingTest {
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
        ReadModelTables tables = new ReadModelTables(schema, OrderProjection.TABLES.placeholder(), OrderProjection.TABLES.migrations());
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

    @Test
    void anEarlyEventIsAppliedAfterTheEventsBeforeItAreReadFromTheLog() throws Exception {
        String id = given().contentType(ContentType.JSON).body("{\"customerId\":\"c-heal\",\"currency\":\"EUR\"}").post("/orders")
                .then().statusCode(201).extract().path("id");
        for (int line = 1; line <= 3; line++) {
            given().contentType(ContentType.JSON).body("{\"sku\":\"s" + line + "\",\"quantity\":" + line + ",\"unitPrice\":{\"amountMinor\":100,\"currency\":\"EUR\"}}")
                    .post("/orders/" + id + "/lines").then().statusCode(200);
        }
        String stream = Orders.STREAMS.streamOf(id);
        StreamReads reads = new StreamReads(client);
        List<RecordedEvent> events = reads.from(stream, 0);
        String schema = "healing_" + UUID.randomUUID().toString().substring(0, 8);
        QuarkusTransaction.requiringNew().run(() -> schemas.create(OrderProjection.TABLES, schema));
        try {
            Projection scratch = intoSchema(schema);
            ProjectionHandler handler = new ProjectionHandler(scratch, schemas, reads, committed);

            assertThat(handler.handle(List.of(events.get(3)))).containsExactly(BatchHandler.Outcome.APPLIED);
            assertThat(handler.handle(List.of(events.get(1), events.get(2), events.get(3))))
                    .containsExactly(BatchHandler.Outcome.DUPLICATE, BatchHandler.Outcome.DUPLICATE, BatchHandler.Outcome.DUPLICATE);

            OrderSummary healed = QuarkusTransaction.requiringNew().call(() -> {
                schemas.use(schema);
                return OrderSummary.<OrderSummary>findById(id);
            });
            assertThat(healed.lastRevision).isEqualTo(3);
            assertThat(healed.lineCount).isEqualTo(3);
            assertThat(healed.totalMinor).isEqualTo(600);
            assertThat(committed.await(scratch.name(), stream, 3, Duration.ZERO)).isTrue();
        } finally {
            QuarkusTransaction.requiringNew().run(() -> schemas.drop(schema));
        }
    }
}
