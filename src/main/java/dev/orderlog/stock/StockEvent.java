package dev.orderlog.stock;

import java.time.Instant;

/** What happened to a SKU's stock. Every reservation names the order holding it. */
public sealed interface StockEvent {

    record StockReceived(String sku, int quantity, Instant receivedAt) implements StockEvent {
    }

    record StockReserved(String sku, String orderId, int quantity) implements StockEvent {
    }

    record ReservationReleased(String sku, String orderId, int quantity) implements StockEvent {
    }

    /** The order shipped: its reserved quantity leaves the warehouse. */
    record ReservationCommitted(String sku, String orderId, int quantity) implements StockEvent {
    }
}
