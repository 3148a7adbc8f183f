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
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Samples as configured ({@code quarkus.otel.traces.sampler} and its {@code .arg}, by default a root always and a
 * child as its parent), except the KurrentDB client's own append spans when they have no parent. Quarkus uses a
 * sampler bean instead of the configured one, so this one builds the configured one and asks it. The client starts them on a thread of its own, where the caller's span is
 * not current, so each would begin a trace of its own, and the client would write that trace into the events' metadata
 * over the parent Orderlog put there (see {@link EventTracing#append}). Unsampled, the client leaves the metadata alone.
 * The client's delivery spans go too: they only wrap the hand-over of each event to a consumer's queue, and a consumer
 * handles each event in a span of its own (see {@link EventTracing#handle}).
 */
@Singleton
public class LostParentSampler implements Sampler {
    private static final Set<String> CLIENT_APPENDS = Set.of("streams.append", "streams.multi-append");
    private static final String CLIENT_DELIVERY = "streams.subscribe";
    private final Sampler configured;

    public LostParentSampler(
            @ConfigProperty(name = "quarkus.otel.traces.sampler", defaultValue = "parentbased_always_on") String name,
            @ConfigProperty(name = "quarkus.otel.traces.sampler.arg", defaultValue = "1.0") double ratio) {
        this.configured = configured(name, ratio);
    }

    /** The samplers Quarkus offers by name. */
    static Sampler configured(String name, double ratio) {
        return switch (name) {
            case "always_on" -> Sampler.alwaysOn();
            case "always_off" -> Sampler.alwaysOff();
            case "traceidratio" -> Sampler.traceIdRatioBased(ratio);
            case "parentbased_always_on" -> Sampler.parentBased(Sampler.alwaysOn());
            case "parentbased_always_off" -> Sampler.parentBased(Sampler.alwaysOff());
            case "parentbased_traceidratio" -> Sampler.parentBased(Sampler.traceIdRatioBased(ratio));
            default -> throw new IllegalArgumentException("Unknown quarkus.otel.traces.sampler " + name);
        };
    }

    @Override
    public SamplingResult shouldSample(
            Context parent, String traceId, String name, SpanKind kind, Attributes attributes, List<LinkData> links) {
        boolean orphanedClientAppend = kind == SpanKind.CLIENT
                && CLIENT_APPENDS.contains(name)
                && !Span.fromContext(parent).getSpanContext().isValid();
        boolean clientDelivery = kind == SpanKind.CONSUMER && CLIENT_DELIVERY.equals(name);
        return orphanedClientAppend || clientDelivery
                ? SamplingResult.drop()
                : configured.shouldSample(parent, traceId, name, kind, attributes, links);
    }

    @Override
    public String getDescription() {
        return "LostParentSampler{" + configured.getDescription() + "}";
    }
}
