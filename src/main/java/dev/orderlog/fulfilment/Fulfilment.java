package dev.orderlog.fulfilment;

import java.util.List;
import java.util.Optional;

/** A fulfilment's state, one record per stage, so what may happen next is a case the compiler makes us handle. */
public sealed interface Fulfilment {

    record NotStarted() implements Fulfilment {
    }

    record Reserving(Job job, List<String> reserved) implements Fulfilment {
        public Reserving {
            reserved = List.copyOf(reserved);
        }
    }

    record Charging(Job job, Deadline deadline) implements Fulfilment {
    }

    record AwaitingShipment(Job job, String chargeId, boolean paymentConfirmedOnOrder, Deadline deadline) implements Fulfilment {
    }

    record Shipping(Job job, String chargeId, String trackingNumber, boolean orderShipped, List<String> committed) implements Fulfilment {
        public Shipping {
            committed = List.copyOf(committed);
        }
    }

    record Completed(Job job, String chargeId, String trackingNumber) implements Fulfilment {
    }

    record Compensating(Job job, Compensation compensation) implements Fulfilment {
    }

    /** Compensation could not finish on its own; an operator retries it or marks it resolved. */
    record NeedsAttention(Job job, Compensation compensation, String problem) implements Fulfilment {
    }

    record Cancelled(Job job, String reason) implements Fulfilment {
    }

    record Resolved(Job job, String note) implements Fulfilment {
    }

    /**
     * What is left to undo, in the order it is undone: the payment, then the stock (last reserved first), then the
     * order. {@code refundAttempt} counts operator retries, each a refund of its own.
     */
    record Compensation(String reason, Optional<String> chargeToRefund, int refundAttempt, List<String> toRelease, boolean orderCancelled) {
        public Compensation {
            toRelease = List.copyOf(toRelease);
        }

        boolean done() {
            return chargeToRefund.isEmpty() && toRelease.isEmpty() && orderCancelled;
        }
    }

    /** The stage as a label for the API and the read model. */
    default String phase() {
        return switch (this) {
            case NotStarted notStarted -> "not-started";
            case Reserving reserving -> "reserving-stock";
            case Charging charging -> "awaiting-payment";
            case AwaitingShipment awaiting -> "awaiting-shipment";
            case Shipping shipping -> "shipping";
            case Completed completed -> "completed";
            case Compensating compensating -> "compensating";
            case NeedsAttention attention -> "needs-attention";
            case Cancelled cancelled -> "cancelled";
            case Resolved resolved -> "resolved";
        };
    }
}
