package dev.orderlog.devservices.kurrentdb.grpc;

import dev.orderlog.devservices.kurrentdb.log.EventFilter;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.ReadReq.Options.FilterOptions;
import java.util.regex.PatternSyntaxException;

/** A Read call's filter options as the log's {@link EventFilter}. */
final class WireFilters {
    private WireFilters() {}

    static EventFilter of(FilterOptions options) {
        FilterOptions.Expression expression = switch (options.getFilterCase()) {
            case STREAM_IDENTIFIER -> options.getStreamIdentifier();
            case EVENT_TYPE -> options.getEventType();
            case FILTER_NOT_SET ->
                throw RpcErrors.invalidArgument("A filter needs a stream identifier or an event type expression");
        };
        EventFilter.Subject subject =
                options.hasStreamIdentifier() ? EventFilter.Subject.STREAM_NAME : EventFilter.Subject.EVENT_TYPE;
        try {
            return EventFilter.of(subject, expression.getRegex(), expression.getPrefixList());
        } catch (PatternSyntaxException invalid) {
            throw RpcErrors.invalidArgument("Invalid filter regex: " + invalid.getMessage());
        }
    }
}
