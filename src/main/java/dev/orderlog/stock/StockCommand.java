package dev.orderlog.stock;

/** What can be asked of a SKU's stock. Reserving, releasing and committing are idempotent per order. */
public sealed interface StockCommand {

    record ReceiveStock(String sku, int quantity) implements StockCommand {}

    record Reserve(String sku, String orderId, int quantity) implements StockCommand {}

    record Release(String sku, String orderId) implements StockCommand {}

    record Commit(String sku, String orderId) implements StockCommand {}

    /**
     * An operator's correction: the warehouse counted {@code counted} units on hand, and the stock is to say so. Counting
     * what it already says changes nothing.
     */
    record CorrectCount(String sku, long counted, String reason) implements StockCommand {}
}
