package dev.orderlog.order;

import java.util.List;

/** An order's state, one record per stage of its life, so an illegal command is a case the compiler makes us handle. */
public sealed interface Order {

    /** No event yet. */
    record None() implements Order {
    }

    record Draft(String id, String customerId, String currency, List<OrderLine> lines) implements Order {
        public Money total() {
            return lines.stream().map(OrderLine::total).reduce(Money.zero(currency), Money::plus);
        }
    }

    /** What stays fixed once an order is placed. */
    record Details(String id, String customerId, String currency, List<OrderLine> lines, Money total, ShippingAddress shippingAddress) {
    }

    record Placed(Details details) implements Order {
    }

    record Paid(Details details, String paymentReference) implements Order {
    }

    record Shipped(Details details, String paymentReference, String trackingNumber) implements Order {
    }

    record Delivered(Details details, String paymentReference, String trackingNumber) implements Order {
    }

    record Cancelled(String id, String customerId, String currency, List<OrderLine> lines, String reason, Money refund) implements Order {
    }
}
