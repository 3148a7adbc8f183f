package dev.orderlog.stock;

/** What can be asked of a SKU's stock. Reserving, releasing and committing are idempotent per order. */
public sealed interface StockCommand {

    record ReceiveStock(String sku, int quantity) implements StockCommand {}

    record Reserve(String sku, String orderId, int quantity) implements StockCommand {}

    record Release(String sku, String orderId) implements StockCommand {}

    record Commit(String sku, String orderId) implements StockCommand {}
}
