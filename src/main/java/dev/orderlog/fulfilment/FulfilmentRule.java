package dev.orderlog.fulfilment;

import dev.orderlog.platform.command.RuleViolation;
import dev.orderlog.platform.command.RuleViolation.Kind;

/** Every rule a request to the fulfilment process can break. */
public enum FulfilmentRule implements RuleViolation.Rule {
    FULFILMENT_WRONG_STAGE(Kind.WRONG_STATE, "The fulfilment is not at that stage"),
    SHIPPED_UNDER_ANOTHER_TRACKING_NUMBER(Kind.WRONG_STATE, "The order is shipped under another tracking number");

    private final Kind kind;
    private final String title;

    FulfilmentRule(Kind kind, String title) {
        this.kind = kind;
        this.title = title;
    }

    @Override
    public Kind kind() {
        return kind;
    }

    @Override
    public String title() {
        return title;
    }
}
