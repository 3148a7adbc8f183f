package dev.orderlog.order;

import java.util.Arrays;

/**
 * Why an order was cancelled, by kind: who asked, or which step of its fulfilment could not be done. The process words
 * its reasons with {@link #describe}, so the kind is known again from the reason alone, without a schema change to
 * {@link OrderEvent.OrderCancelled}.
 */
public enum CancellationReason {
    CUSTOMER("customer", ""),
    OPERATOR("operator", ""),
    OUT_OF_STOCK("out-of-stock", "Out of stock: "),
    PAYMENT_DECLINED("payment-declined", "Payment declined: "),
    PAYMENT_TIMEOUT("payment-timeout", "Payment was not confirmed within "),
    NOT_PAYABLE("not-payable", "The order could not be paid: "),
    SHIPMENT_TIMEOUT("shipment-timeout", "The order was not shipped within "),
    NOT_SHIPPABLE("not-shippable", "The order could not be shipped: ");

    private final String label;
    private final String prefix;

    CancellationReason(String label, String prefix) {
        this.label = label;
        this.prefix = prefix;
    }

    public String label() {
        return label;
    }

    /** The reason as the process words it for this kind. */
    public String describe(Object detail) {
        return prefix + detail;
    }

    /**
     * The kind of a cancellation by {@code actor}: the order's customer's is theirs, whatever they wrote; anyone
     * else's reason worded as the process words one is of that kind (the process's own, or an operator's in its
     * words); otherwise it was an operator's.
     */
    static CancellationReason of(String reason, String actor, Order cancelled) {
        if (cancelled.owner().filter(actor::equals).isPresent()) {
            return CUSTOMER;
        }
        return Arrays.stream(values())
                .filter(kind -> !kind.prefix.isEmpty() && reason.startsWith(kind.prefix))
                .findFirst()
                .orElse(OPERATOR);
    }
}
