package dev.orderlog.fulfilment;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

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

    /** Given up and undone; {@code undone} remembers what, so late news of a payment or a reservation is undone too, once. */
    record Cancelled(Job job, Compensation undone) implements Fulfilment {
    }

    /** An operator settled what compensation could not; the stock was still released by the process. */
    record Resolved(Job job, Compensation undone) implements Fulfilment {
    }

    /**
     * What is left to undo, in the order it is undone: the payment (refunded, or first looked up when its charge's
     * outcome was never learnt), then the stock (last reserved first), then the order. {@code refundAttempt} counts
     * operator retries, each a refund of its own; {@code released} and {@code settledCharges} are what is done;
     * {@code resolution} is the operator's note when one took the payment and the order into their own hands.
     */
    record Compensation(String reason, Optional<String> chargeToRefund, boolean chargeUncertain, int refundAttempt, List<String> toRelease,
                        List<String> released, List<String> settledCharges, boolean orderCancelled, Optional<String> resolution) {
        public Compensation {
            toRelease = List.copyOf(toRelease);
            released = List.copyOf(released);
            settledCharges = List.copyOf(settledCharges);
        }

        static Compensation of(String reason, Optional<String> chargeToRefund, boolean chargeUncertain, List<String> toRelease, boolean orderCancelled) {
            return new Compensation(reason, chargeToRefund, chargeUncertain, 1, toRelease, List.of(), List.of(), orderCancelled, Optional.empty());
        }

        boolean done() {
            return chargeToRefund.isEmpty() && !chargeUncertain && toRelease.isEmpty() && orderCancelled;
        }

        Compensation refunding(String chargeId) {
            return new Compensation(reason, Optional.of(chargeId), false, refundAttempt, toRelease, released, settledCharges, orderCancelled, resolution);
        }

        Compensation refunded(String chargeId) {
            return new Compensation(reason, Optional.empty(), chargeUncertain, refundAttempt, toRelease, released, with(settledCharges, chargeId),
                    orderCancelled, resolution);
        }

        Compensation chargeSettled() {
            return new Compensation(reason, chargeToRefund, false, refundAttempt, toRelease, released, settledCharges, orderCancelled, resolution);
        }

        Compensation releasing(String sku) {
            return new Compensation(reason, chargeToRefund, chargeUncertain, refundAttempt, with(toRelease, sku), released, settledCharges,
                    orderCancelled, resolution);
        }

        Compensation releasedStock(String sku) {
            return new Compensation(reason, chargeToRefund, chargeUncertain, refundAttempt, toRelease.stream().filter(s -> !s.equals(sku)).toList(),
                    with(released, sku), settledCharges, orderCancelled, resolution);
        }

        Compensation withOrderCancelled() {
            return new Compensation(reason, chargeToRefund, chargeUncertain, refundAttempt, toRelease, released, settledCharges, true, resolution);
        }

        Compensation retried() {
            return new Compensation(reason, chargeToRefund, chargeUncertain, refundAttempt + 1, toRelease, released, settledCharges, orderCancelled, resolution);
        }

        /** The operator settled the payment and the order by hand; the stock is still released here. */
        Compensation resolvedBy(String note) {
            List<String> settled = chargeToRefund.map(charge -> with(settledCharges, charge)).orElse(settledCharges);
            return new Compensation(reason, Optional.empty(), false, refundAttempt, toRelease, released, settled, true, Optional.of(note));
        }

        /** Compensation opened again for news that came after it ended. */
        Compensation reopened(String why) {
            return new Compensation(why, Optional.empty(), false, refundAttempt + 1, List.of(), released, settledCharges, true, Optional.empty());
        }

        private static List<String> with(List<String> list, String value) {
            return Stream.concat(list.stream(), Stream.of(value)).toList();
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
