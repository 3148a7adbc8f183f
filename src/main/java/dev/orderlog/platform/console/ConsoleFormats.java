package dev.orderlog.platform.console;

import io.quarkus.qute.TemplateExtension;
import java.util.Locale;
import java.util.Optional;

/** How console pages write figures. */
@TemplateExtension
public final class ConsoleFormats {
    private ConsoleFormats() {
    }

    /** A causation id as the pages show it: linked to the stream that caused the event, when one did. */
    static Optional<Cause> asCause(String causationId) {
        return Cause.of(causationId);
    }

    /** Seconds of lag and the like: one decimal, a dot whatever the server's locale. */
    static String oneDecimal(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
