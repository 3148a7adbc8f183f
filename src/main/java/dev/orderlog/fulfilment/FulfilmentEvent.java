package dev.orderlog.fulfilment;

import java.time.Instant;

/** What the instance's stream ({@code fulfilment-<orderId>}) records: its inputs and decisions, in order. */
public sealed interface FulfilmentEvent {
    Instant at();

    record FulfilmentStarted(Job job, Instant at) implements FulfilmentEvent {}

    record StockReserved(String sku, Instant at) implements FulfilmentEvent {}

    record StockUnavailable(String sku, String reason, Instant at) implements FulfilmentEvent {}

    record PaymentRequested(Instant deadline, Instant at) implements FulfilmentEvent {}

    record PaymentApproved(String chargeId, Instant at) implements FulfilmentEvent {}

    record PaymentDeclined(String reason, Instant at) implements FulfilmentEvent {}

    /** The provider, asked under the charge's key, has no charge taken: there is nothing to refund. */
    record ChargeNotTaken(Instant at) implements FulfilmentEvent {}

    record PaymentConfirmedOnOrder(Instant at) implements FulfilmentEvent {}

    record ShipmentRequested(Instant deadline, Instant at) implements FulfilmentEvent {}

    /** The order is shipped with this tracking number: the order accepted the warehouse's shipment first. */
    record ShipmentAccepted(String trackingNumber, Instant at) implements FulfilmentEvent {}

    /**
     * Recorded by earlier versions: the warehouse confirmed the shipment, and the process was then to ship the order
     * ({@link OrderShipped}). Instances still at that point finish that way.
     */
    record ShipmentConfirmed(String trackingNumber, Instant at) implements FulfilmentEvent {}

    /** The order was shipped by the process after a {@link ShipmentConfirmed} of an earlier version. */
    record OrderShipped(Instant at) implements FulfilmentEvent {}

    record StockCommitted(String sku, Instant at) implements FulfilmentEvent {}

    record FulfilmentCompleted(Instant at) implements FulfilmentEvent {}

    record DeadlineMissed(Deadline.Kind kind, Instant at) implements FulfilmentEvent {}

    /** From here what was done is undone, the order first; {@code reason} is what the customer reads. */
    record CompensationStarted(String reason, Instant at) implements FulfilmentEvent {}

    /** The order refused the process's cancellation because the warehouse shipped it first: the shipment stands. */
    record ShippedBeforeCancellation(String trackingNumber, Instant at) implements FulfilmentEvent {}

    record PaymentRefunded(String chargeId, String refundId, Instant at) implements FulfilmentEvent {}

    record RefundRefused(String chargeId, String reason, Instant at) implements FulfilmentEvent {}

    record StockReleased(String sku, Instant at) implements FulfilmentEvent {}

    record OrderCancelled(String reason, Instant at) implements FulfilmentEvent {}

    record FulfilmentCancelled(String reason, Instant at) implements FulfilmentEvent {}

    record NeedsAttention(String problem, Instant at) implements FulfilmentEvent {}

    record CompensationRetried(String note, Instant at) implements FulfilmentEvent {}

    record ResolvedByOperator(String note, Instant at) implements FulfilmentEvent {}

    record FulfilmentResolved(String note, Instant at) implements FulfilmentEvent {}
}
