package dev.orderlog.platform.web;

/**
 * What free text from outside may hold. A control or format character (NUL, a bell, a right-to-left override) has no
 * place in a name, a reason or a label, and PostgreSQL's text, where the read models keep them, cannot even store NUL.
 * Notes may run over lines: tab, line feed and carriage return are kept for them.
 */
public final class PrintableText {
    /**
     * For Bean Validation's {@code @Pattern}: one line, no control ({@code Cc}) or format ({@code Cf}) characters, and
     * no Unicode line or paragraph separator ({@code Zl}, {@code Zp}), which break a line as well as a line feed does.
     */
    public static final String ONE_LINE = "[^\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]*";

    /** As {@link #ONE_LINE}, with tabs and line breaks (line feed, carriage return) allowed. */
    public static final String LINES = "(?:[^\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]|[\\t\\n\\r])*";

    public static final String MESSAGE = "must be printable text";

    private PrintableText() {}

    public static boolean isOneLine(String text) {
        return text.matches(ONE_LINE);
    }

    public static boolean isLines(String text) {
        return text.matches(LINES);
    }
}
