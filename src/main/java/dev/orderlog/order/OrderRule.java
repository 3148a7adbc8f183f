package dev.orderlog.order;

import dev.orderlog.platform.command.RuleViolation;
import dev.orderlog.platform.command.RuleViolation.Kind;

/** Every rule an order command can break, with whether the command was wrong in itself or for the order's state. */
public enum OrderRule implements RuleViolation.Rule {
    ORDER_NOT_FOUND(Kind.NOT_FOUND, "The order does not exist"),
    ORDER_ALREADY_EXISTS(Kind.WRONG_STATE, "The order already exists"),
    QUANTITY_MUST_BE_POSITIVE(Kind.INVALID, "Quantities must be positive"),
    QUANTITY_TOO_LARGE(Kind.INVALID, "A line holds at most " + OrderDecider.MAX_QUANTITY + " units"),
    PRICE_MUST_NOT_BE_NEGATIVE(Kind.INVALID, "Prices must not be negative"),
    PRICE_TOO_LARGE(Kind.INVALID, "A unit price is at most " + OrderDecider.MAX_UNIT_PRICE_MINOR + " minor units"),
    TOTAL_TOO_LARGE(Kind.INVALID, "An order's total is at most " + OrderDecider.MAX_TOTAL_MINOR + " minor units"),
    TOO_MANY_LINES(Kind.INVALID, "An order has at most " + OrderDecider.MAX_LINES + " lines"),
    ONE_CURRENCY_PER_ORDER(Kind.INVALID, "Every amount must be in the order's currency"),
    LINE_ALREADY_EXISTS(Kind.WRONG_STATE, "The order already has a line for this SKU"),
    LINE_NOT_FOUND(Kind.WRONG_STATE, "The order has no line for this SKU"),
    NO_EDITS_AFTER_PLACING(Kind.WRONG_STATE, "Lines can change only while the order is a draft"),
    CANNOT_PLACE_EMPTY_ORDER(Kind.WRONG_STATE, "An order needs at least one line to be placed"),
    NOT_PLACED(Kind.WRONG_STATE, "Only a placed order can be paid"),
    PAYMENT_MUST_EQUAL_TOTAL(Kind.INVALID, "The payment must equal the order total"),
    NOT_PAID(Kind.WRONG_STATE, "Only a paid order can be shipped"),
    NOT_SHIPPED(Kind.WRONG_STATE, "Only a shipped order can be delivered"),
    NO_CANCEL_AFTER_SHIPPING(Kind.WRONG_STATE, "A shipped, delivered or cancelled order cannot be cancelled");

    private final Kind kind;
    private final String title;

    OrderRule(Kind kind, String title) {
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
