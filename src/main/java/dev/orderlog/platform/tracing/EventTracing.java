package dev.orderlog.platform.tracing;

import io.kurrent.dbclient.RecordedEvent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One order's life as one trace across the log: an append runs in a client span whose identity the events carry in
 * their metadata ({@link TraceParent}); a consumer handles each event in a span that is that one's child, so the
 * projection write, the process step and the provider call it causes join the trace of the command that wrote it.
 * Span and attribute names follow the official KurrentDB clients' instrumentation. With tracing off (the default,
 * see the README) the work runs as it is, with no span and no metadata added.
 */
@ApplicationScoped
public class EventTracing {
    static final String SYSTEM = "kurrentdb";
    private final Tracer tracer;
    private final boolean off;

    public EventTracing(Tracer tracer, @ConfigProperty(name = "quarkus.otel.sdk.disabled") boolean off) {
        this.tracer = tracer;
        this.off = off;
    }

    /** For code built outside the application (tests, benchmarks): spans that record nothing. */
    public static EventTracing off() {
        return new EventTracing(OpenTelemetry.noop().getTracer("orderlog"), true);
    }

    /** The work a span wraps, which may fail with a checked exception of its own. */
    @FunctionalInterface
    public interface Work<T, X extends Exception> {
        T run() throws X;
    }

    /**
     * Appends to {@code stream} in a client span, the current span's child; events encoded inside {@code appending}
     * carry this span as their parent.
     */
    public <T, X extends Exception> T append(String stream, Work<T, X> appending) throws X {
        if (off) {
            return appending.run();
        }
        // Named apart from the client's own "streams.append", which LostParentSampler drops.
        Span span = tracer.spanBuilder("append " + categoryOf(stream))
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("db.system.name", SYSTEM)
                .setAttribute("db.kurrentdb.stream", stream)
                .startSpan();
        return within(span, appending);
    }

    /**
     * Handles one delivered event in a consumer span, the child of the span that appended it (or of the current one,
     * for an event written without a trace).
     */
    public <T, X extends Exception> T handle(String consumer, RecordedEvent event, Work<T, X> handling) throws X {
        if (off) {
            // Not even the attributes: a projection handles thousands of events a second.
            return handling.run();
        }
        SpanBuilder builder = tracer.spanBuilder(consumer + " " + event.getEventType())
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("db.system.name", SYSTEM)
                .setAttribute("db.kurrentdb.subscription.id", consumer)
                .setAttribute("db.kurrentdb.stream", event.getStreamId())
                .setAttribute("db.kurrentdb.event.id", event.getEventId().toString())
                .setAttribute("db.kurrentdb.event.type", event.getEventType());
        TraceParent.of(event).ifPresent(parent -> builder.setParent(parent.asParent()));
        return within(builder.startSpan(), handling);
    }

    /** A step of a process, the current span's child. */
    public <T, X extends Exception> T step(String name, Work<T, X> work) throws X {
        if (off) {
            return work.run();
        }
        return within(tracer.spanBuilder(name).setSpanKind(SpanKind.INTERNAL).startSpan(), work);
    }

    /**
     * Work that arrives from outside but belongs to a trace stored earlier (a provider's webhook for the charge an
     * instance asked for): a child of {@code stored}, linked to the request that brought it.
     */
    public <T, X extends Exception> T resume(String name, Supplier<Optional<TraceParent>> stored, Work<T, X> work)
            throws X {
        if (off) {
            // Finding the stored trace costs a read: not without tracing.
            return work.run();
        }
        SpanBuilder builder = tracer.spanBuilder(name).setSpanKind(SpanKind.INTERNAL);
        Span arriving = Span.current();
        Optional<TraceParent> parent = stored.get();
        if (parent.isPresent()) {
            builder.setParent(parent.get().asParent());
            if (arriving.getSpanContext().isValid()) {
                builder.addLink(arriving.getSpanContext());
            }
        }
        return within(builder.startSpan(), work);
    }

    /** A stream's category, as KurrentDB's by-category projection cuts it: the name up to its first dash. */
    private static String categoryOf(String stream) {
        int dash = stream.indexOf('-');
        return dash < 0 ? stream : stream.substring(0, dash);
    }

    /** Runs {@code work} on another thread in the span current now. */
    public static Runnable carried(Runnable work) {
        return Context.current().wrap(work);
    }

    private static <T, X extends Exception> T within(Span span, Work<T, X> work) throws X {
        try (Scope scope = span.makeCurrent()) {
            return work.run();
        } catch (Exception | Error failed) {
            span.recordException(failed);
            span.setStatus(StatusCode.ERROR);
            throw failed;
        } finally {
            span.end();
        }
    }
}
