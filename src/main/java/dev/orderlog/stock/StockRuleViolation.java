package dev.orderlog.stock;

import dev.orderlog.platform.command.RuleViolation;

/** A stock command broke a rule; nothing was appended. */
public final class StockRuleViolation extends RuleViolation {

    public StockRuleViolation(StockRule rule, String detail) {
        super(rule, detail);
    }

    @Override
    public StockRule rule() {
        return (StockRule) super.rule();
    }
}
