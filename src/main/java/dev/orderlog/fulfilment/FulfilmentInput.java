package dev.orderlog.fulfilment;

import java.time.Instant;

/**
 * Everything that can reach a fulfilment: events of the order and the stock, results of its own steps, payment
 * webhooks, deadlines, the warehouse and operators. Each is recorded in the instance's stream before anything it
 * causes is sent; one already reflected there records nothing.
 */
public sealed interface FulfilmentInput {

    record Start(Job job) implements FulfilmentInput {
    }

    record StockReserved(String sku) implements FulfilmentInput {
    }

    record StockUnavailable(String sku, String reason) implements FulfilmentInput {
    }

    record ChargeApproved(String chargeId) implements FulfilmentInput {
    }

    record ChargeDeclined(String reason) implements FulfilmentInput {
    }

    /** The provider has no charge under the instance's key. */
    record ChargeAbsent() implements FulfilmentInput {
    }

    record PaymentConfirmedOnOrder() implements FulfilmentInput {
    }

    /** The order refused one of the process's commands (it was cancelled meanwhile, for example). */
    record OrderRefused(String stepId, String reason) implements FulfilmentInput {
    }

    record ShipmentConfirmed(String trackingNumber) implements FulfilmentInput {
    }

    record OrderShipped() implements FulfilmentInput {
    }

    record StockCommitted(String sku) implements FulfilmentInput {
    }

    record Refunded(String chargeId, String refundId) implements FulfilmentInput {
    }

    record RefundRefused(String chargeId, String reason) implements FulfilmentInput {
    }

    record StockReleased(String sku) implements FulfilmentInput {
    }

    /** The order is cancelled: by its customer, or by the process's own compensation. */
    record OrderCancelled(String reason) implements FulfilmentInput {
    }

    record DeadlineReached(Deadline.Kind kind, Instant dueAt) implements FulfilmentInput {
    }

    record RetryCompensation(String note) implements FulfilmentInput {
    }

    record MarkResolved(String note) implements FulfilmentInput {
    }
}
