package dev.orderlog.devservices.kurrentdb.log;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/** A server-side {@code $all} filter on stream name or event type: a regex (searched, not fully matched) or prefixes. */
public record EventFilter(Subject subject, Pattern regex, List<String> prefixes) {

    /** What a filter looks at. */
    public enum Subject {
        STREAM_NAME(StoredEvent::stream),
        EVENT_TYPE(StoredEvent::type);

        private final Function<StoredEvent, String> value;

        Subject(Function<StoredEvent, String> value) {
            this.value = value;
        }
    }

    /**
     * A regex filter when {@code regex} is non-empty, else a prefix filter.
     *
     * @throws java.util.regex.PatternSyntaxException when the regex does not compile
     */
    public static EventFilter of(Subject subject, String regex, List<String> prefixes) {
        return regex == null || regex.isEmpty()
                ? new EventFilter(subject, null, List.copyOf(prefixes))
                : new EventFilter(subject, Pattern.compile(regex), List.of());
    }

    public boolean matches(StoredEvent event) {
        String value = subject.value.apply(event);
        if (regex != null) {
            return regex.matcher(value).find();
        }
        for (String prefix : prefixes) {
            if (value.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
