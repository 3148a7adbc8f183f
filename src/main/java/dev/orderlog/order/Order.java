package dev.orderlog.order;

import java.util.List;
import java.util.Optional;

/** An order's state, one record per stage of its life, so an illegal command is a case the compiler makes us handle. */
public sealed interface Order {

    /** The customer the order belongs to; empty before it exists. */
    default Optional<String> owner() {
        return switch (this) {
            case None none -> Optional.empty();
            case Draft draft -> Optional.of(draft.customerId());
            case Placed placed -> Optional.of(placed.details().customerId());
            case Paid paid -> Optional.of(paid.details().customerId());
            case Shipped shipped -> Optional.of(shipped.details().customerId());
            case Delivered delivered -> Optional.of(delivered.details().customerId());
            case Cancelled cancelled -> Optional.of(cancelled.customerId());
        };
    }

    /** No event yet. */
    record None() implements Order {}

    record Draft(String id, String customerId, String currency, List<OrderLine> lines) implements Order {
        public Money total() {
            return lines.stream().map(OrderLine::total).reduce(Money.zero(currency), Money::plus);
        }
    }

    /** What stays fixed once an order is placed. */
    record Details(
            String id,
            String customerId,
            String currency,
            List<OrderLine> lines,
            Money total,
            ShippingAddress shippingAddress) {}

    record Placed(Details details) implements Order {}

    record Paid(Details details, String paymentReference) implements Order {}

    record Shipped(Details details, String paymentReference, String trackingNumber) implements Order {}

    record Delivered(Details details, String paymentReference, String trackingNumber) implements Order {}

    record Cancelled(String id, String customerId, String currency, List<OrderLine> lines, String reason, Money refund)
            implements Order {}
}
