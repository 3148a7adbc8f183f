package dev.orderlog.readmodel;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import java.util.List;

/** Reads of one order from the read model, each in a short transaction of its own. */
final class OrderReads {
    private OrderReads() {
    }

    static OrderSummary summary(String id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            OrderSummary found = OrderSummary.findById(id);
            if (found != null) {
                OrderSummary.getEntityManager().detach(found);
            }
            return found;
        });
    }

    static OrderQueryResource.OrderRead view(OrderSummary summary, boolean withLines, Boolean stale) {
        List<OrderQueryResource.Line> lines = !withLines ? null : QuarkusTransaction.requiringNew().call(() ->
                OrderLineRow.<OrderLineRow>list("key.orderId", Sort.ascending("key.sku"), summary.orderId).stream()
                        .map(line -> new OrderQueryResource.Line(line.key.sku(), line.quantity, line.unitPriceMinor))
                        .toList());
        return new OrderQueryResource.OrderRead(summary.orderId, summary.customerId, summary.status, summary.currency, summary.totalMinor,
                summary.lineCount, summary.createdAt, summary.updatedAt, summary.lastRevision, lines, stale);
    }
}
