package dev.orderlog.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** An order as the HTTP API shows it, with the revision it reflects. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderView(
        String id,
        String customerId,
        String status,
        String currency,
        List<Line> lines,
        long totalMinor,
        ShippingAddress shippingAddress,
        String paymentReference,
        String trackingNumber,
        String cancellationReason,
        Long refundMinor,
        long revision) {

    public record Line(String sku, int quantity, long unitPriceMinor, long lineTotalMinor) {
    }

    public static OrderView of(Order order, long revision) {
        String status = OrderDecider.stage(order);
        return switch (order) {
            case Order.None none -> throw new IllegalArgumentException("No order to show");
            case Order.Draft d -> new OrderView(d.id(), d.customerId(), status, d.currency(), lines(d.lines()), d.total().amountMinor(),
                    null, null, null, null, null, revision);
            case Order.Placed p -> placed(p.details(), status, null, null, revision);
            case Order.Paid p -> placed(p.details(), status, p.paymentReference(), null, revision);
            case Order.Shipped s -> placed(s.details(), status, s.paymentReference(), s.trackingNumber(), revision);
            case Order.Delivered d -> placed(d.details(), status, d.paymentReference(), d.trackingNumber(), revision);
            case Order.Cancelled c -> new OrderView(c.id(), c.customerId(), status, c.currency(), lines(c.lines()),
                    c.lines().stream().mapToLong(line -> line.total().amountMinor()).sum(), null, null, null, c.reason(), c.refund().amountMinor(), revision);
        };
    }

    private static OrderView placed(Order.Details d, String status, String paymentReference, String trackingNumber, long revision) {
        return new OrderView(d.id(), d.customerId(), status, d.currency(), lines(d.lines()), d.total().amountMinor(), d.shippingAddress(),
                paymentReference, trackingNumber, null, null, revision);
    }

    private static List<Line> lines(List<OrderLine> lines) {
        return lines.stream().map(l -> new Line(l.sku(), l.quantity(), l.unitPrice().amountMinor(), l.total().amountMinor())).toList();
    }
}
