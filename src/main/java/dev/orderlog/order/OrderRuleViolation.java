package dev.orderlog.order;

/** A command broke an order rule; nothing was appended. */
public final class OrderRuleViolation extends RuntimeException {
    private final OrderRule rule;

    public OrderRuleViolation(OrderRule rule, String detail) {
        super(detail);
        this.rule = rule;
    }

    public OrderRule rule() {
        return rule;
    }
}
