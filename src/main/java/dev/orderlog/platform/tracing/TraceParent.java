package dev.orderlog.platform.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kurrent.dbclient.RecordedEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.io.IOException;
import java.util.Optional;

/**
 * The span that wrote an event, as its metadata carries it: under the keys the official KurrentDB clients' tracing
 * uses, so a trace started by their instrumentation continues in ours, and the other way round.
 */
public record TraceParent(String traceId, String spanId) {
    static final String TRACE_ID = "$traceId";
    static final String SPAN_ID = "$spanId";
    private static final ObjectMapper JSON = new ObjectMapper();

    public TraceParent {
        if (!TraceId.isValid(traceId) || !SpanId.isValid(spanId)) {
            throw new IllegalArgumentException("Not a trace and span id: " + traceId + "/" + spanId);
        }
    }

    /** The span under way, when there is one worth continuing (tracing is on and it is sampled). */
    public static Optional<TraceParent> current() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() && span.isSampled()
                ? Optional.of(new TraceParent(span.getTraceId(), span.getSpanId()))
                : Optional.empty();
    }

    /** The span that appended {@code event}; none for events written without tracing or before it. */
    public static Optional<TraceParent> of(RecordedEvent event) {
        byte[] metadata = event.getUserMetadata();
        if (metadata == null || metadata.length == 0) {
            return Optional.empty();
        }
        try {
            JsonNode read = JSON.readTree(metadata);
            String traceId = read.path(TRACE_ID).asText("");
            String spanId = read.path(SPAN_ID).asText("");
            return TraceId.isValid(traceId) && SpanId.isValid(spanId)
                    ? Optional.of(new TraceParent(traceId, spanId))
                    : Optional.empty();
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }

    /** Adds this parent to an event's metadata. */
    public void writeInto(ObjectNode metadata) {
        metadata.put(TRACE_ID, traceId).put(SPAN_ID, spanId);
    }

    SpanContext asSpanContext() {
        return SpanContext.createFromRemoteParent(traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault());
    }

    Context asParent() {
        return Context.root().with(Span.wrap(asSpanContext()));
    }
}
