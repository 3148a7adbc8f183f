package dev.orderlog.payment;

import java.util.Optional;

/**
 * The port to the payment provider. Every call carries an idempotency key: the same key is the same charge or
 * refund, however often it is sent. A call whose outcome is unknown (timeout, provider away) throws
 * {@link PaymentProviderUnavailable}; the caller tries again later with the same key.
 */
public interface PaymentGateway {

    ChargeOutcome charge(String idempotencyKey, Charge charge);

    RefundOutcome refund(String idempotencyKey, Refund refund);

    /** What became of the charge sent under {@code idempotencyKey}; empty when the provider has none. */
    Optional<ChargeOutcome> findCharge(String idempotencyKey);

    record Charge(String orderId, String customerId, long amountMinor, String currency) {}

    record Refund(String orderId, String chargeId, long amountMinor, String currency) {}

    /** What the provider answered a charge with. */
    sealed interface ChargeOutcome {
        record Approved(String chargeId) implements ChargeOutcome {}

        record Declined(String reason) implements ChargeOutcome {}

        /** Accepted, decided later: the answer arrives as a webhook. */
        record Pending(String chargeId) implements ChargeOutcome {}
    }

    sealed interface RefundOutcome {
        record Refunded(String refundId) implements RefundOutcome {}

        record Refused(String reason) implements RefundOutcome {}
    }
}
