package dev.orderlog.platform.console;

import io.quarkus.qute.TemplateExtension;
import java.util.Locale;

/** How console pages write figures. */
@TemplateExtension
public final class ConsoleFormats {
    private ConsoleFormats() {
    }

    /** Seconds of lag and the like: one decimal, a dot whatever the server's locale. */
    static String oneDecimal(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
