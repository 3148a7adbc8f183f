package dev.orderlog.stock;

import dev.orderlog.platform.command.RuleViolation;
import java.util.Locale;

/** A stock command broke a rule; nothing was appended. */
public final class StockRule extends RuleViolation {
    /** The rules, with whether the command was wrong in itself or for the stock's state. */
    public enum Rule {
        QUANTITY_MUST_BE_POSITIVE(Kind.INVALID, "Quantities must be positive"),
        RECEIPT_TOO_LARGE(Kind.INVALID, "A receipt holds at most " + StockDecider.MAX_RECEIPT + " units"),
        TOO_MUCH_ON_HAND(Kind.INVALID, "A SKU holds at most " + StockDecider.MAX_ON_HAND + " units on hand"),
        INSUFFICIENT_STOCK(Kind.WRONG_STATE, "Not enough stock is available");

        private final Kind kind;
        private final String title;

        Rule(Kind kind, String title) {
            this.kind = kind;
            this.title = title;
        }
    }

    private final Rule rule;

    public StockRule(Rule rule, String detail) {
        super(detail);
        this.rule = rule;
    }

    public Rule rule() {
        return rule;
    }

    @Override
    public Kind kind() {
        return rule.kind;
    }

    @Override
    public String slug() {
        return rule.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public String title() {
        return rule.title;
    }
}
