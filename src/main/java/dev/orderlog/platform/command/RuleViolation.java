package dev.orderlog.platform.command;

import java.util.Locale;

/**
 * A command broke a rule of its aggregate; nothing was appended. Each feature names its rules in an enum that
 * implements {@link Rule}, and a violation of its own type; the web edge maps the kind.
 */
public abstract class RuleViolation extends RuntimeException {

    /** Whether the thing commanded is missing, the command was wrong in itself, or it was wrong for the current state. */
    public enum Kind {
        NOT_FOUND,
        INVALID,
        WRONG_STATE
    }

    /** One rule of an aggregate: implemented by each feature's enum of rules. */
    public interface Rule {
        Kind kind();

        /** The rule in one sentence, the same for every breach of it. */
        String title();

        /** The enum constant's name. */
        String name();
    }

    private final Rule rule;

    protected RuleViolation(Rule rule, String detail) {
        super(detail);
        this.rule = rule;
    }

    public Rule rule() {
        return rule;
    }

    public Kind kind() {
        return rule.kind();
    }

    /** The rule's stable name in lower-case words joined by hyphens, e.g. {@code line-not-found}. */
    public String slug() {
        return rule.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String title() {
        return rule.title();
    }
}
