package dev.orderlog.stock;

import java.time.Instant;

/** What happened to a SKU's stock. Every reservation names the order holding it. */
public sealed interface StockEvent {

    record StockReceived(String sku, int quantity, Instant receivedAt) implements StockEvent {}

    record StockReserved(String sku, String orderId, int quantity) implements StockEvent {}

    /** {@code settledAt} is null in events recorded before it was. */
    record ReservationReleased(String sku, String orderId, int quantity, Instant settledAt) implements StockEvent {}

    /** The order shipped: its reserved quantity leaves the warehouse. {@code settledAt} is null in events recorded before it was. */
    /** An operator corrected the units on hand to what the warehouse counted; {@code previous} is what the stock said. */
    record StockCounted(String sku, long counted, long previous, String reason, Instant countedAt)
            implements StockEvent {}

    record ReservationCommitted(String sku, String orderId, int quantity, Instant settledAt) implements StockEvent {}
}
