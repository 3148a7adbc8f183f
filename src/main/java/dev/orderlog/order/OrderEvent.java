package dev.orderlog.order;

import java.time.Instant;

/** What happened to an order. Type names are stable; a changed shape gets a new version and an upcaster. */
public sealed interface OrderEvent {

    record OrderCreated(String orderId, String customerId, String currency, Instant createdAt) implements OrderEvent {}

    record LineAdded(String sku, int quantity, long unitPriceMinor) implements OrderEvent {}

    record LineQuantityChanged(String sku, int quantity) implements OrderEvent {}

    record LineRemoved(String sku) implements OrderEvent {}

    /** Version 2: the shipping address is structured (version 1 had one free-text line). */
    record OrderPlaced(ShippingAddress shippingAddress, long totalMinor, Instant placedAt) implements OrderEvent {}

    record PaymentConfirmed(long amountMinor, String paymentReference, Instant paidAt) implements OrderEvent {}

    /** {@code carrier} is null when the warehouse named none, and in events recorded before it was kept. */
    record OrderShipped(String trackingNumber, Instant shippedAt, String carrier) implements OrderEvent {
        public OrderShipped(String trackingNumber, Instant shippedAt) {
            this(trackingNumber, shippedAt, null);
        }
    }

    record OrderDelivered(Instant deliveredAt) implements OrderEvent {}

    record OrderCancelled(String reason, long refundMinor, Instant cancelledAt) implements OrderEvent {}
}
