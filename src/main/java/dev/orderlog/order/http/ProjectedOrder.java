package dev.orderlog.order.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orderlog.order.OrderStatus;
import dev.orderlog.order.readmodel.OrderLineRow;
import dev.orderlog.order.readmodel.OrderSummary;
import java.time.Instant;
import java.util.List;

/**
 * An order as the read model has it (what {@code GET /orders/{id}} and the order list answer), as of {@code revision};
 * {@code stale} is set when a read-your-writes wait ran out before the read model reached the revision asked for.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProjectedOrder(
        String id,
        String customerId,
        OrderStatus status,
        String currency,
        long totalMinor,
        int lineCount,
        Instant createdAt,
        Instant updatedAt,
        long revision,
        List<Line> lines,
        Boolean stale) {

    public record Line(String sku, int quantity, long unitPriceMinor) {}

    /** Without its lines, as lists show it. */
    static ProjectedOrder listed(OrderSummary summary) {
        return of(summary, null, null);
    }

    /** With its lines, as the read model has it. */
    static ProjectedOrder current(OrderSummary summary, List<OrderLineRow> lines) {
        return of(summary, linesOf(lines), null);
    }

    /** With its lines, marked stale: the read model had not reached the revision asked for. */
    static ProjectedOrder stale(OrderSummary summary, List<OrderLineRow> lines) {
        return of(summary, linesOf(lines), Boolean.TRUE);
    }

    private static List<Line> linesOf(List<OrderLineRow> lines) {
        return lines.stream()
                .map(line -> new Line(line.key.sku(), line.quantity, line.unitPriceMinor))
                .toList();
    }

    private static ProjectedOrder of(OrderSummary summary, List<Line> lines, Boolean stale) {
        return new ProjectedOrder(
                summary.orderId,
                summary.customerId,
                summary.status,
                summary.currency,
                summary.totalMinor,
                summary.lineCount,
                summary.createdAt,
                summary.updatedAt,
                summary.lastRevision,
                lines,
                stale);
    }
}
