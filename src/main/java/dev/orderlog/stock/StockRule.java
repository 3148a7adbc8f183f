package dev.orderlog.stock;

import dev.orderlog.platform.command.RuleViolation;
import dev.orderlog.platform.command.RuleViolation.Kind;

/** Every rule a stock command can break, with whether the command was wrong in itself or for the stock's state. */
public enum StockRule implements RuleViolation.Rule {
    QUANTITY_MUST_BE_POSITIVE(Kind.INVALID, "Quantities must be positive"),
    RECEIPT_TOO_LARGE(Kind.INVALID, "A receipt holds at most " + StockDecider.MAX_RECEIPT + " units"),
    TOO_MUCH_ON_HAND(Kind.INVALID, "A SKU holds at most " + StockDecider.MAX_ON_HAND + " units on hand"),
    INSUFFICIENT_STOCK(Kind.WRONG_STATE, "Not enough stock is available"),
    COUNT_NEGATIVE(Kind.INVALID, "A count of units on hand is zero or more"),
    COUNT_BELOW_RESERVED(Kind.WRONG_STATE, "Fewer units counted than orders hold reserved");

    private final Kind kind;
    private final String title;

    StockRule(Kind kind, String title) {
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
