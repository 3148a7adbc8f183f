package dev.orderlog.order.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderlog.order.Money;
import dev.orderlog.order.Order;
import dev.orderlog.order.OrderCommand;
import dev.orderlog.order.Orders;
import dev.orderlog.order.ShippingAddress;
import dev.orderlog.order.http.FoldedOrder;
import dev.orderlog.platform.command.CommandContext;
import dev.orderlog.platform.command.ExpectedRevision;
import dev.orderlog.platform.projection.Projection;
import dev.orderlog.platform.projection.Schemas;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.ReadStreamOptions;
import io.kurrent.dbclient.RecordedEvent;
import io.kurrent.dbclient.ResolvedEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Delivers every event twice and in a scrambled order to the order projection, in a schema of its own, and checks
 * that the result equals the fold of the streams.
 */
@QuarkusTest
class ExactlyOnceTest {
    @Inject
    Orders orders;

    @Inject
    OrderProjection projection;

    @Inject
    Schemas schemas;

    @Inject
    KurrentDBClient client;

    private String order(Random random) {
        String id = UUID.randomUUID().toString();
        CommandContext context =
                CommandContext.correlated("test").causedBy("test").actedBy("test");
        orders.handle(
                id, new OrderCommand.CreateOrder(id, "c-" + random.nextInt(3), "EUR"), context, ExpectedRevision.ANY);
        int lines = 1 + random.nextInt(4);
        for (int i = 0; i < lines; i++) {
            orders.handle(
                    id,
                    new OrderCommand.AddLine(
                            "sku-" + i, 1 + random.nextInt(5), new Money(100 + random.nextInt(900), "EUR")),
                    context,
                    ExpectedRevision.ANY);
        }
        if (random.nextBoolean()) {
            orders.handle(id, new OrderCommand.ChangeLineQuantity("sku-0", 7), context, ExpectedRevision.ANY);
        }
        if (lines > 1 && random.nextBoolean()) {
            orders.handle(id, new OrderCommand.RemoveLine("sku-1"), context, ExpectedRevision.ANY);
        }
        if (random.nextBoolean()) {
            orders.handle(
                    id,
                    new OrderCommand.PlaceOrder(new ShippingAddress("A", "S", "C", "1", "GB")),
                    context,
                    ExpectedRevision.ANY);
            if (random.nextBoolean()) {
                orders.handle(id, new OrderCommand.CancelOrder("changed"), context, ExpectedRevision.ANY);
            }
        }
        return id;
    }

    @Test
    void duplicatedAndScrambledDeliveriesEndEqualToTheFoldOfTheStreams() throws Exception {
        Random random = new Random(42);
        List<String> ids = new ArrayList<>();
        List<RecordedEvent> deliveries = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String id = order(random);
            ids.add(id);
            for (ResolvedEvent event : client.readStream(Orders.STREAMS.streamOf(id), ReadStreamOptions.get())
                    .get()
                    .getEvents()) {
                deliveries.add(event.getOriginalEvent());
                deliveries.add(event.getOriginalEvent());
            }
        }
        Collections.shuffle(deliveries, random);
        String schema = "exactly_once_" + Math.abs(random.nextInt());
        QuarkusTransaction.requiringNew().run(() -> schemas.create(OrderProjection.TABLES, schema));
        try {
            Deque<RecordedEvent> pending = new ArrayDeque<>(deliveries);
            int applied = 0;
            int duplicates = 0;
            for (int guard = 0; !pending.isEmpty() && guard < 100_000; guard++) {
                RecordedEvent next = pending.poll();
                Projection.Outcome outcome = QuarkusTransaction.requiringNew().call(() -> {
                    schemas.use(schema);
                    return projection.apply(next);
                });
                switch (outcome) {
                    case APPLIED -> applied++;
                    case DUPLICATE -> duplicates++;
                    case EARLY -> pending.add(next);
                }
            }
            assertThat(pending).isEmpty();
            assertThat(applied).isEqualTo(deliveries.size() / 2);
            assertThat(duplicates).isEqualTo(deliveries.size() / 2);
            for (String id : ids) {
                var loaded = orders.current(id);
                FoldedOrder folded = FoldedOrder.of(loaded.state(), loaded.revision());
                OrderSummary summary = QuarkusTransaction.requiringNew().call(() -> {
                    schemas.use(schema);
                    return OrderSummary.<OrderSummary>findById(id);
                });
                List<String> lines = QuarkusTransaction.requiringNew().call(() -> {
                    schemas.use(schema);
                    return OrderLineRow.<OrderLineRow>list("key.orderId", id).stream()
                            .map(l -> l.key.sku() + "x" + l.quantity)
                            .sorted()
                            .toList();
                });
                assertThat(summary.lastRevision).isEqualTo(loaded.revision());
                assertThat(summary.status).isEqualTo(folded.status());
                assertThat(summary.totalMinor).isEqualTo(folded.totalMinor());
                assertThat(summary.lineCount).isEqualTo(folded.lines().size());
                assertThat(lines)
                        .isEqualTo(folded.lines().stream()
                                .map(l -> l.sku() + "x" + l.quantity())
                                .sorted()
                                .toList());
                assertThat(loaded.state()).isNotInstanceOf(Order.None.class);
            }
        } finally {
            QuarkusTransaction.requiringNew().run(() -> schemas.drop(schema));
        }
    }
}
