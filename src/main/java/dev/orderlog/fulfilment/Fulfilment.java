package dev.orderlog.fulfilment;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A fulfilment's state, one record per stage, so what may happen next is a case the compiler makes us handle. */
public sealed interface Fulfilment {

    record NotStarted() implements Fulfilment {}

    record Reserving(Job job, List<String> reserved) implements Fulfilment {
        public Reserving {
            reserved = List.copyOf(reserved);
        }

        Reserving withReserved(String sku) {
            return new Reserving(job, appended(reserved, sku));
        }
    }

    record Charging(Job job, Deadline deadline) implements Fulfilment {}

    record AwaitingShipment(Job job, String chargeId, boolean paymentConfirmedOnOrder, Deadline deadline)
            implements Fulfilment {
        AwaitingShipment paymentConfirmed() {
            return new AwaitingShipment(job, chargeId, true, deadline);
        }

        AwaitingShipment shipmentDue(Deadline shipment) {
            return new AwaitingShipment(job, chargeId, paymentConfirmedOnOrder, shipment);
        }
    }

    /**
     * The warehouse shipped it; the stock it reserved is being committed. {@code orderShipped} is false only for an
     * instance whose confirmation was recorded by an earlier version, before the order was shipped: it ships it first.
     */
    record Shipping(Job job, String chargeId, String trackingNumber, boolean orderShipped, List<String> committed)
            implements Fulfilment {
        public Shipping {
            committed = List.copyOf(committed);
        }

        Shipping orderMarkedShipped() {
            return new Shipping(job, chargeId, trackingNumber, true, committed);
        }

        Shipping committing(String sku) {
            return new Shipping(job, chargeId, trackingNumber, orderShipped, appended(committed, sku));
        }
    }

    record Completed(Job job, String chargeId, String trackingNumber) implements Fulfilment {}

    record Compensating(Job job, Compensation compensation) implements Fulfilment {}

    /** Compensation could not finish on its own; an operator retries it or marks it resolved. */
    record NeedsAttention(Job job, Compensation compensation, String problem) implements Fulfilment {}

    /** Given up and undone; {@code undone} remembers what, so late news of a payment or a reservation is undone too, once. */
    record Cancelled(Job job, Compensation undone) implements Fulfilment {}

    /** An operator settled the payment by hand; the stock was still released by the process. */
    record Resolved(Job job, Compensation undone) implements Fulfilment {}

    /** What is left to undo of the payment. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = PaymentToUndo.Nothing.class, name = "nothing"),
        @JsonSubTypes.Type(value = PaymentToUndo.Refund.class, name = "refund"),
        @JsonSubTypes.Type(value = PaymentToUndo.LookUpFirst.class, name = "look-up-first")
    })
    sealed interface PaymentToUndo {
        /** No charge was taken, or it is settled (refunded, or by an operator). */
        record Nothing() implements PaymentToUndo {}

        record Refund(String chargeId) implements PaymentToUndo {}

        /** The charge's answer never came: the provider is asked under the instance's key before the payment is given up. */
        record LookUpFirst() implements PaymentToUndo {}
    }

    /**
     * What is left to undo, in the order it is undone: the order first (it decides whether the warehouse shipped it
     * before the process gave up), then the payment, then the stock still {@code held} (last reserved first).
     * {@code refundAttempt} counts operator retries, each a refund of its own; {@code released} and
     * {@code settledCharges} are what is done; {@code resolution} is the operator's note when one settled the payment.
     */
    record Compensation(
            String reason,
            PaymentToUndo payment,
            int refundAttempt,
            List<String> held,
            List<String> released,
            List<String> settledCharges,
            boolean orderCancelled,
            Optional<String> resolution) {
        public Compensation {
            held = List.copyOf(held);
            released = List.copyOf(released);
            settledCharges = List.copyOf(settledCharges);
        }

        /** Compensation of {@code held} stock and {@code payment}, the order still to be cancelled. */
        static Compensation of(String reason, PaymentToUndo payment, List<String> held) {
            return new Compensation(reason, payment, 1, held, List.of(), List.of(), false, Optional.empty());
        }

        /**
         * Compensation of an order shipped and then cancelled (recorded so only by an earlier version): the charge is
         * refunded and the stock not yet committed is released; the order needs no cancelling.
         */
        static Compensation afterShipment(String problem, String chargeId, List<String> uncommitted) {
            return new Compensation(
                    problem,
                    new PaymentToUndo.Refund(chargeId),
                    1,
                    uncommitted,
                    List.of(),
                    List.of(),
                    true,
                    Optional.empty());
        }

        boolean done() {
            return payment instanceof PaymentToUndo.Nothing && held.isEmpty() && orderCancelled;
        }

        /** Every SKU this compensation holds or has given back: a reservation of any other is news. */
        boolean accountsFor(String sku) {
            return held.contains(sku) || released.contains(sku);
        }

        Compensation refunding(String chargeId) {
            return withPayment(new PaymentToUndo.Refund(chargeId));
        }

        Compensation refunded(String chargeId) {
            return new Compensation(
                    reason,
                    new PaymentToUndo.Nothing(),
                    refundAttempt,
                    held,
                    released,
                    appended(settledCharges, chargeId),
                    orderCancelled,
                    resolution);
        }

        Compensation chargeSettled() {
            return withPayment(new PaymentToUndo.Nothing());
        }

        Compensation holding(String sku) {
            return new Compensation(
                    reason,
                    payment,
                    refundAttempt,
                    appended(held, sku),
                    released,
                    settledCharges,
                    orderCancelled,
                    resolution);
        }

        Compensation releasedStock(String sku) {
            return new Compensation(
                    reason,
                    payment,
                    refundAttempt,
                    held.stream().filter(s -> !s.equals(sku)).toList(),
                    appended(released, sku),
                    settledCharges,
                    orderCancelled,
                    resolution);
        }

        Compensation withOrderCancelled() {
            return new Compensation(reason, payment, refundAttempt, held, released, settledCharges, true, resolution);
        }

        Compensation retried() {
            return new Compensation(
                    reason, payment, refundAttempt + 1, held, released, settledCharges, orderCancelled, resolution);
        }

        /** The operator settled the payment and the order by hand; the stock still held is released here. */
        Compensation resolvedBy(String note) {
            List<String> settled = payment instanceof PaymentToUndo.Refund refund
                    ? appended(settledCharges, refund.chargeId())
                    : settledCharges;
            return new Compensation(
                    reason,
                    new PaymentToUndo.Nothing(),
                    refundAttempt,
                    held,
                    released,
                    settled,
                    true,
                    Optional.of(note));
        }

        /**
         * Compensation opened again for news that came after it ended. An operator's resolution stays: what they
         * settled by hand (a shipment, say) is not turned into a cancellation by a late payment's refund.
         */
        Compensation reopened(String why) {
            return new Compensation(
                    why,
                    new PaymentToUndo.Nothing(),
                    refundAttempt + 1,
                    List.of(),
                    released,
                    settledCharges,
                    true,
                    resolution);
        }

        private Compensation withPayment(PaymentToUndo changed) {
            return new Compensation(
                    reason, changed, refundAttempt, held, released, settledCharges, orderCancelled, resolution);
        }
    }

    private static List<String> appended(List<String> list, String value) {
        return Stream.concat(list.stream(), Stream.of(value)).toList();
    }

    /** The stage as a label for the API and the read model. */
    default Phase phase() {
        return switch (this) {
            case NotStarted notStarted -> Phase.NOT_STARTED;
            case Reserving reserving -> Phase.RESERVING_STOCK;
            case Charging charging -> Phase.AWAITING_PAYMENT;
            case AwaitingShipment awaiting -> Phase.AWAITING_SHIPMENT;
            case Shipping shipping -> Phase.SHIPPING;
            case Completed completed -> Phase.COMPLETED;
            case Compensating compensating -> Phase.COMPENSATING;
            case NeedsAttention attention -> Phase.NEEDS_ATTENTION;
            case Cancelled cancelled -> Phase.CANCELLED;
            case Resolved resolved -> Phase.RESOLVED;
        };
    }
}
