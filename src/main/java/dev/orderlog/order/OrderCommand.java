package dev.orderlog.order;

/** What a caller asks of an order. */
public sealed interface OrderCommand {

    record CreateOrder(String orderId, String customerId, String currency) implements OrderCommand {}

    record AddLine(String sku, int quantity, Money unitPrice) implements OrderCommand {}

    record ChangeLineQuantity(String sku, int quantity) implements OrderCommand {}

    record RemoveLine(String sku) implements OrderCommand {}

    record PlaceOrder(ShippingAddress shippingAddress) implements OrderCommand {}

    record ConfirmPayment(Money amount, String paymentReference) implements OrderCommand {}

    /** {@code carrier} is optional (null). */
    record ShipOrder(String trackingNumber, String carrier) implements OrderCommand {
        public ShipOrder(String trackingNumber) {
            this(trackingNumber, null);
        }
    }

    record DeliverOrder() implements OrderCommand {}

    record CancelOrder(String reason) implements OrderCommand {}
}
