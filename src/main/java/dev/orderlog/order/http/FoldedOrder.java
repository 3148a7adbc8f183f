package dev.orderlog.order.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orderlog.order.Order;
import dev.orderlog.order.OrderLine;
import dev.orderlog.order.OrderStatus;
import dev.orderlog.order.ShippingAddress;
import java.util.List;

/** An order as the fold of its stream gives it (what commands and {@code /state} answer), with the revision it reflects. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FoldedOrder(
        String id,
        String customerId,
        OrderStatus status,
        String currency,
        List<Line> lines,
        long totalMinor,
        ShippingAddress shippingAddress,
        String paymentReference,
        String trackingNumber,
        String cancellationReason,
        Long refundMinor,
        long revision) {

    public record Line(String sku, int quantity, long unitPriceMinor, long lineTotalMinor) {}

    public static FoldedOrder of(Order order, long revision) {
        OrderStatus status = OrderStatus.of(order);
        return switch (order) {
            case Order.None none -> throw new IllegalArgumentException("No order to show");
            case Order.Draft d ->
                new FoldedOrder(
                        d.id(),
                        d.customerId(),
                        status,
                        d.currency(),
                        lines(d.lines()),
                        d.total().amountMinor(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        revision);
            case Order.Placed p -> placed(p.details(), status, null, null, revision);
            case Order.Paid p -> placed(p.details(), status, p.paymentReference(), null, revision);
            case Order.Shipped s -> placed(s.details(), status, s.paymentReference(), s.trackingNumber(), revision);
            case Order.Delivered d -> placed(d.details(), status, d.paymentReference(), d.trackingNumber(), revision);
            case Order.Cancelled c ->
                new FoldedOrder(
                        c.id(),
                        c.customerId(),
                        status,
                        c.currency(),
                        lines(c.lines()),
                        c.lines().stream()
                                .mapToLong(line -> line.total().amountMinor())
                                .sum(),
                        null,
                        null,
                        null,
                        c.reason(),
                        c.refund().amountMinor(),
                        revision);
        };
    }

    private static FoldedOrder placed(
            Order.Details d, OrderStatus status, String paymentReference, String trackingNumber, long revision) {
        return new FoldedOrder(
                d.id(),
                d.customerId(),
                status,
                d.currency(),
                lines(d.lines()),
                d.total().amountMinor(),
                d.shippingAddress(),
                paymentReference,
                trackingNumber,
                null,
                null,
                revision);
    }

    private static List<Line> lines(List<OrderLine> lines) {
        return lines.stream()
                .map(l -> new Line(
                        l.sku(),
                        l.quantity(),
                        l.unitPrice().amountMinor(),
                        l.total().amountMinor()))
                .toList();
    }
}
