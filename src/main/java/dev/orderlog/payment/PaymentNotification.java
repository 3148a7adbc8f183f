package dev.orderlog.payment;

/**
 * A provider's webhook, its signature verified: fired as a CDI event for the process that asked for the payment.
 * {@code id} is the provider's own id for the notification, the same on every redelivery.
 */
public sealed interface PaymentNotification {
    String id();

    String orderId();

    record ChargeApproved(String id, String orderId, String chargeId) implements PaymentNotification {}

    record ChargeDeclined(String id, String orderId, String chargeId, String reason) implements PaymentNotification {}

    record Refunded(String id, String orderId, String chargeId, String refundId) implements PaymentNotification {}
}
