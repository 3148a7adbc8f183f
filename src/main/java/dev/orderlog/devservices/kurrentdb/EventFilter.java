package dev.orderlog.devservices.kurrentdb;

import io.kurrent.dbclient.proto.streams.StreamsOuterClass.ReadReq.Options.FilterOptions;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** A server-side {@code $all} filter on stream name or event type: a regex (searched, not fully matched) or prefixes. */
record EventFilter(Function<StoredEvent, String> subject, Pattern regex, List<String> prefixes) {

    static EventFilter of(FilterOptions options) {
        FilterOptions.Expression expression = switch (options.getFilterCase()) {
            case STREAM_IDENTIFIER -> options.getStreamIdentifier();
            case EVENT_TYPE -> options.getEventType();
            case FILTER_NOT_SET ->
                throw RpcErrors.invalidArgument("A filter needs a stream identifier or an event type expression");
        };
        Function<StoredEvent, String> subject = options.hasStreamIdentifier() ? StoredEvent::stream : StoredEvent::type;
        if (expression.getRegex().isEmpty()) {
            return new EventFilter(subject, null, List.copyOf(expression.getPrefixList()));
        }
        try {
            return new EventFilter(subject, Pattern.compile(expression.getRegex()), List.of());
        } catch (PatternSyntaxException invalid) {
            throw RpcErrors.invalidArgument("Invalid filter regex: " + invalid.getMessage());
        }
    }

    boolean matches(StoredEvent event) {
        String value = subject.apply(event);
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
