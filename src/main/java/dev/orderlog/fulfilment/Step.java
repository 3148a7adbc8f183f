package dev.orderlog.fulfilment;

/**
 * A side effect the process asks of another aggregate or the payment provider. Its {@link #id()} is stable for the
 * instance, so sending it again (after a crash, or from a second replica) is a no-op at the receiver.
 */
public sealed interface Step {
    String id();

    record ReserveStock(String sku, int quantity) implements Step {
        public String id() {
            return "reserve:" + sku;
        }
    }

    record ChargePayment() implements Step {
        public String id() {
            return "charge";
        }
    }

    /** Compensation asks whether a charge whose answer never came was taken, before it gives the payment up. */
    record LookUpCharge() implements Step {
        public String id() {
            return "look-up-charge";
        }
    }

    record ConfirmPaymentOnOrder(String chargeId) implements Step {
        public String id() {
            return "confirm-payment";
        }
    }

    /** Only for an instance whose shipment an earlier version recorded before the order was shipped. */
    record ShipOrder(String trackingNumber) implements Step {
        public String id() {
            return "ship-order";
        }
    }

    record CommitStock(String sku) implements Step {
        public String id() {
            return "commit:" + sku;
        }
    }

    /** A refund is tried again only when an operator asks, as a new attempt (a new key: the provider refused the last). */
    record RefundPayment(String chargeId, int attempt) implements Step {
        public String id() {
            return "refund#" + attempt;
        }
    }

    record ReleaseStock(String sku) implements Step {
        public String id() {
            return "release:" + sku;
        }
    }

    record CancelOrder(String reason) implements Step {
        public static final String ID = "cancel-order";

        public String id() {
            return ID;
        }
    }
}
