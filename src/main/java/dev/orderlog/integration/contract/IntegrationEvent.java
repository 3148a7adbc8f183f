package dev.orderlog.integration.contract;

import java.time.Instant;
import java.util.List;

/**
 * What Orderlog tells the systems around it: a small, versioned contract of its own, separate from its internal events
 * (mapped from them in one place, {@code IntegrationEvents}), so those can change without breaking a consumer. Each
 * is keyed by what it is about, so a topic keeps each order's (or SKU's) events in order.
 */
public sealed interface IntegrationEvent {

    Contract contract();

    /** The Kafka record key: the order id or the SKU. */
    String key();

    record OrderPlaced(
            String orderId, String customerId, String currency, long totalMinor, List<Line> lines, Instant placedAt)
            implements IntegrationEvent {
        public record Line(String sku, int quantity, long unitPriceMinor) {}

        public OrderPlaced {
            lines = List.copyOf(lines);
        }

        @Override
        public Contract contract() {
            return Contract.ORDER_PLACED;
        }

        @Override
        public String key() {
            return orderId;
        }
    }

    record OrderPaid(String orderId, String currency, long amountMinor, String paymentReference, Instant paidAt)
            implements IntegrationEvent {
        @Override
        public Contract contract() {
            return Contract.ORDER_PAID;
        }

        @Override
        public String key() {
            return orderId;
        }
    }

    record OrderCancelled(String orderId, String reason, String currency, long refundMinor, Instant cancelledAt)
            implements IntegrationEvent {
        @Override
        public Contract contract() {
            return Contract.ORDER_CANCELLED;
        }

        @Override
        public String key() {
            return orderId;
        }
    }

    /** Version 2: {@code carrier} is the warehouse's, null when it gave none (and for shipments recorded before v2). */
    record OrderShipped(String orderId, String trackingNumber, String carrier, Instant shippedAt)
            implements IntegrationEvent {
        @Override
        public Contract contract() {
            return Contract.ORDER_SHIPPED;
        }

        @Override
        public String key() {
            return orderId;
        }
    }

    record OrderDelivered(String orderId, Instant deliveredAt) implements IntegrationEvent {
        @Override
        public Contract contract() {
            return Contract.ORDER_DELIVERED;
        }

        @Override
        public String key() {
            return orderId;
        }
    }

    /**
     * A SKU's level after one change: {@code reason} says which ({@code received}, {@code reserved}, {@code released},
     * {@code committed}), for {@code quantity} and, but for {@code received}, {@code orderId}.
     */
    record StockLevelChanged(
            String sku,
            String reason,
            int quantity,
            String orderId,
            long onHand,
            long reserved,
            long available,
            Instant changedAt)
            implements IntegrationEvent {
        @Override
        public Contract contract() {
            return Contract.STOCK_LEVEL_CHANGED;
        }

        @Override
        public String key() {
            return sku;
        }
    }

    /** The units on hand corrected by an operator to what the warehouse counted. Key: sku. */
    record StockCounted(
            String sku,
            long previousOnHand,
            long onHand,
            long reserved,
            long available,
            String reason,
            Instant countedAt)
            implements IntegrationEvent {
        @Override
        public Contract contract() {
            return Contract.STOCK_COUNTED;
        }

        @Override
        public String key() {
            return sku;
        }
    }
}
