package dev.orderlog.fulfilment;

import dev.orderlog.platform.command.RuleViolation;

/** Someone asked the process for what its stage does not allow (a shipment nobody awaits, a retry of a healthy instance). */
public final class FulfilmentRuleViolation extends RuleViolation {
    private final Kind kind;
    private final String slug;
    private final String title;

    private FulfilmentRuleViolation(Kind kind, String slug, String title, String detail) {
        super(detail);
        this.kind = kind;
        this.slug = slug;
        this.title = title;
    }

    public static FulfilmentRuleViolation notAwaited(String what, Fulfilment state) {
        return new FulfilmentRuleViolation(
                Kind.WRONG_STATE,
                "fulfilment-wrong-stage",
                "The fulfilment is not at that stage",
                what + " is not possible while the fulfilment is " + state.phase());
    }

    /** The order is shipped already, under another tracking number than the one now confirmed. */
    public static FulfilmentRuleViolation shippedUnder(String trackingNumber) {
        return new FulfilmentRuleViolation(
                Kind.WRONG_STATE,
                "shipped-under-another-tracking-number",
                "The order is shipped under another tracking number",
                "The order was shipped with tracking number " + trackingNumber);
    }

    @Override
    public Kind kind() {
        return kind;
    }

    @Override
    public String slug() {
        return slug;
    }

    @Override
    public String title() {
        return title;
    }
}
