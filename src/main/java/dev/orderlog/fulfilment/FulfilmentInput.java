package dev.orderlog.fulfilment;

import java.time.Instant;

/**
 * Everything that can reach a fulfilment, named by where it comes from: the order, the stock, the payment provider,
 * the clock and operators. Each is recorded in the instance's stream before anything it causes is sent; one already
 * reflected there records nothing.
 */
public sealed interface FulfilmentInput {

    /** News of the order, the arbiter of every race with the customer and the warehouse. */
    sealed interface Order extends FulfilmentInput {
        /** The order was placed: the instance starts with the order as placed. */
        record Placed(Job job) implements Order {}

        /** The order is cancelled: by its customer, or by the process's own compensation. */
        record Cancelled(String reason) implements Order {}

        /**
         * The order is shipped with this tracking number: the warehouse confirmed it through the order, or it was
         * shipped by hand. Whoever shipped it, the order accepted it, so the process follows.
         */
        record Shipped(String trackingNumber) implements Order {}

        record PaymentConfirmed() implements Order {}

        /** The order refused one of the process's commands (it was cancelled meanwhile, for example). */
        record Refused(String stepId, String reason) implements Order {}
    }

    /** Results of the process's commands on {@code stock-{sku}}, and reservations seen on the stock's stream. */
    sealed interface Stock extends FulfilmentInput {
        record Reserved(String sku) implements Stock {}

        record Unavailable(String sku, String reason) implements Stock {}

        record Committed(String sku) implements Stock {}

        record Released(String sku) implements Stock {}
    }

    /** The payment provider's answers and webhooks. */
    sealed interface Payment extends FulfilmentInput {
        record ChargeApproved(String chargeId) implements Payment {}

        record ChargeDeclined(String reason) implements Payment {}

        /** The provider has no charge under the instance's key. */
        record ChargeAbsent() implements Payment {}

        record Refunded(String chargeId, String refundId) implements Payment {}

        /** The provider refused refund {@code attempt} (each operator retry is an attempt of its own). */
        record RefundRefused(String chargeId, int attempt, String reason) implements Payment {}
    }

    sealed interface Clock extends FulfilmentInput {
        record DeadlineReached(Deadline.Kind kind, Instant dueAt) implements Clock {}
    }

    sealed interface Operator extends FulfilmentInput {
        /** Compensation is tried again (a refund as a new attempt). */
        record Retry(String note) implements Operator {}

        /** Settled outside the process (refunded by hand, say): the stock it holds is still released. */
        record Resolve(String note) implements Operator {}
    }
}
