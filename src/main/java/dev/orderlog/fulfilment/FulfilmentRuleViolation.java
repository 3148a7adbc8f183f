package dev.orderlog.fulfilment;

import dev.orderlog.platform.command.RuleViolation;

/** Someone asked the process for what its stage does not allow (a shipment nobody awaits, a retry of a healthy instance). */
public final class FulfilmentRuleViolation extends RuleViolation {

    private FulfilmentRuleViolation(FulfilmentRule rule, String detail) {
        super(rule, detail);
    }

    public static FulfilmentRuleViolation notAwaited(String what, Fulfilment state) {
        return new FulfilmentRuleViolation(
                FulfilmentRule.FULFILMENT_WRONG_STAGE,
                what + " is not possible while the fulfilment is " + state.phase());
    }

    /** The order is shipped already, under another tracking number than the one now confirmed. */
    public static FulfilmentRuleViolation shippedUnder(String trackingNumber) {
        return new FulfilmentRuleViolation(
                FulfilmentRule.SHIPPED_UNDER_ANOTHER_TRACKING_NUMBER,
                "The order was shipped with tracking number " + trackingNumber);
    }

    @Override
    public FulfilmentRule rule() {
        return (FulfilmentRule) super.rule();
    }
}
