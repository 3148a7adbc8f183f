package dev.orderlog.platform.command;

/** A command broke a rule of its aggregate; nothing was appended. Each feature names its rules; the web edge maps the kind. */
public abstract class RuleViolation extends RuntimeException {

    /** Whether the thing commanded is missing, the command was wrong in itself, or it was wrong for the current state. */
    public enum Kind {
        NOT_FOUND,
        INVALID,
        WRONG_STATE
    }

    protected RuleViolation(String detail) {
        super(detail);
    }

    public abstract Kind kind();

    /** The rule's stable name in lower-case words joined by hyphens, e.g. {@code line-not-found}. */
    public abstract String slug();

    /** The rule in one sentence, the same for every breach of it. */
    public abstract String title();
}
