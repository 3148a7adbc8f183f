package dev.orderlog.order;

/** One product line of an order; the line total is derived, never stored. */
public record OrderLine(String sku, int quantity, Money unitPrice) {

    public Money total() {
        return unitPrice.times(quantity);
    }

    OrderLine withQuantity(int newQuantity) {
        return new OrderLine(sku, newQuantity, unitPrice);
    }
}
