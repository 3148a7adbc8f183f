package dev.orderlog.platform.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;

/**
 * Samples as OpenTelemetry does by default (a root always, a child as its parent), except the KurrentDB client's own
 * append spans when they have no parent. The client starts them on a thread of its own, where the caller's span is
 * not current, so each would begin a trace of its own, and the client would write that trace into the events' metadata
 * over the parent Orderlog put there (see {@link EventTracing#append}). Unsampled, the client leaves the metadata alone.
 */
@Singleton
public class LostParentSampler implements Sampler {
    private static final Set<String> CLIENT_APPENDS = Set.of("streams.append", "streams.multi-append");
    private static final Sampler DEFAULT = Sampler.parentBased(Sampler.alwaysOn());

    @Override
    public SamplingResult shouldSample(
            Context parent, String traceId, String name, SpanKind kind, Attributes attributes, List<LinkData> links) {
        boolean orphanedClientAppend = kind == SpanKind.CLIENT
                && CLIENT_APPENDS.contains(name)
                && !Span.fromContext(parent).getSpanContext().isValid();
        return orphanedClientAppend
                ? SamplingResult.drop()
                : DEFAULT.shouldSample(parent, traceId, name, kind, attributes, links);
    }

    @Override
    public String getDescription() {
        return "LostParentSampler{" + DEFAULT.getDescription() + "}";
    }
}
