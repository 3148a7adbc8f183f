package dev.orderlog.platform.console;

import io.quarkus.qute.TemplateExtension;
import java.util.Locale;
import java.util.Optional;

/** How console pages write figures. */
@TemplateExtension
public final class ConsoleFormats {
    private ConsoleFormats() {}

    /** A causation id as the pages show it: linked to the stream that caused the event, when one did. */
    static Optional<Cause> asCause(String causationId) {
        return Cause.of(causationId);
    }

    /** Seconds of lag and the like: one decimal, a dot whatever the server's locale. */
    static String oneDecimal(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** A wait as a person reads it: seconds up to two minutes, then whole minutes, rounded up. */
    static String asWait(Long seconds) {
        if (seconds < 120) {
            return seconds == 1 ? "1 second" : seconds + " seconds";
        }
        return ((seconds + 59) / 60) + " minutes";
    }
}
