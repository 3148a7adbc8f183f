package dev.orderlog.platform.console;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What caused an event, as its metadata's causation id says: a request's id, or a stream and the step in it that
 * caused the event ({@code fulfilment-42/confirm-payment}), which the console links to.
 */
public record Cause(String causationId, Optional<String> stream) {
    private static final Pattern STREAM_STEP = Pattern.compile("(" + StreamConsole.STREAM_NAME + ")/[^/]+");

    public static Optional<Cause> of(String causationId) {
        if (causationId == null || causationId.isBlank()) {
            return Optional.empty();
        }
        Matcher match = STREAM_STEP.matcher(causationId);
        return Optional.of(new Cause(
                causationId,
                match.matches() && match.group(1).contains("-") ? Optional.of(match.group(1)) : Optional.empty()));
    }

    /** The console page of the causing stream, when the cause is one. */
    public Optional<String> link() {
        return stream.map(ConsoleLinks::stream);
    }
}
