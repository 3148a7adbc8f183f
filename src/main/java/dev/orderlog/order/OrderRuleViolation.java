package dev.orderlog.order;

import dev.orderlog.platform.command.RuleViolation;
import java.util.Locale;

/** A command broke an order rule; nothing was appended. */
public final class OrderRuleViolation extends RuleViolation {
    private final OrderRule rule;

    public OrderRuleViolation(OrderRule rule, String detail) {
        super(detail);
        this.rule = rule;
    }

    public OrderRule rule() {
        return rule;
    }

    @Override
    public Kind kind() {
        return rule.kind();
    }

    @Override
    public String slug() {
        return rule.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public String title() {
        return rule.title();
    }
}
