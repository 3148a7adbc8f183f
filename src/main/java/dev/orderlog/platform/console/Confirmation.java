package dev.orderlog.platform.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.BadRequestException;

/**
 * A destructive action is a link to a page that says what will happen; only that page's form, sent with
 * {@code confirmed=yes} (and the CSRF token), performs it.
 */
public final class Confirmation {
    public static final String CONFIRMED = "yes";

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance confirm(
                String title, String question, String action, String cancel, boolean withNote);
    }

    private Confirmation() {}

    /** The page asking to confirm. */
    public static TemplateInstance page(String title, String question, String action, String cancel) {
        return Templates.confirm(title, question, action, cancel, false);
    }

    /** The page asking to confirm, and for the operator's note on why. */
    public static TemplateInstance pageWithNote(String title, String question, String action, String cancel) {
        return Templates.confirm(title, question, action, cancel, true);
    }

    public static void require(String confirmed) {
        if (!CONFIRMED.equals(confirmed)) {
            throw new BadRequestException("The action was not confirmed: send it from its confirmation page");
        }
    }
}
