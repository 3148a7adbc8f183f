package dev.orderlog.payment;

/** The provider did not answer in time, answered with a server error, or its circuit is open: the outcome is unknown. */
public class PaymentProviderUnavailable extends RuntimeException {
    public PaymentProviderUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
