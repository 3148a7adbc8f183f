package dev.orderlog.order.readmodel;

import io.kurrent.dbclient.EventData;
import io.kurrent.dbclient.EventDataBuilder;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An order whose stream holds an event no read model can apply (an older writer changed a line it never added), and
 * the repair an operator would make by hand so that it applies.
 */
public final class PoisonedOrder {
    private PoisonedOrder() {}

    /** The order's creation, then the change of its ghost line (revision 1), then {@code more}. */
    public static EventData[] events(String orderId, EventData... more) {
        List<EventData> events = new ArrayList<>(List.of(
                event(
                        "OrderCreated",
                        "{\"orderId\":\"" + orderId
                                + "\",\"customerId\":\"c-poison\",\"currency\":\"EUR\",\"createdAt\":\"2026-01-01T00:00:00Z\"}"),
                event("LineQuantityChanged", "{\"sku\":\"ghost\",\"quantity\":3}")));
        events.addAll(List.of(more));
        return events.toArray(EventData[]::new);
    }

    public static EventData event(String type, String data) {
        return EventDataBuilder.json(UUID.randomUUID(), type, data.getBytes(StandardCharsets.UTF_8))
                .metadataAsBytes("{\"eventVersion\":1}".getBytes(StandardCharsets.UTF_8))
                .build();
    }

    /** Writes the ghost line into the read model (one at 100), so the parked change applies when replayed. */
    public static void repairReadModel(String orderId) {
        QuarkusTransaction.requiringNew().run(() -> {
            OrderLineRow ghost = new OrderLineRow();
            ghost.key = new OrderLineRow.Key(orderId, "ghost");
            ghost.quantity = 1;
            ghost.unitPriceMinor = 100;
            ghost.persist();
            OrderSummary summary = OrderSummary.findById(orderId);
            summary.lineCount = 1;
            summary.totalMinor = 100;
        });
    }
}
