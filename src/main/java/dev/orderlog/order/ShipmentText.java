package dev.orderlog.order;

/**
 * What a tracking number or a carrier name may hold: printable text only. A control or format character (NUL, a bell,
 * a right-to-left override) has no place in a label, and PostgreSQL's text cannot even store NUL.
 */
public final class ShipmentText {
    /** For Bean Validation's {@code @Pattern}: no control ({@code Cc}) or format ({@code Cf}) characters. */
    public static final String PRINTABLE = "[^\\p{Cc}\\p{Cf}]*";

    private ShipmentText() {}

    public static boolean isPrintable(String text) {
        return text.matches(PRINTABLE);
    }
}
