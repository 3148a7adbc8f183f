package dev.orderlog.order;

import dev.orderlog.platform.command.RuleViolation;

/** A command broke an order rule; nothing was appended. */
public final class OrderRuleViolation extends RuleViolation {

    public OrderRuleViolation(OrderRule rule, String detail) {
        super(rule, detail);
    }

    @Override
    public OrderRule rule() {
        return (OrderRule) super.rule();
    }
}
