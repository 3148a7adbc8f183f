package dev.orderlog.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sampler keeps the configured sampling and drops only the KurrentDB client's appends that lost their parent. */
class LostParentSamplerTest {
    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final Context SAMPLED_PARENT = Context.root()
            .with(Span.wrap(SpanContext.createFromRemoteParent(
                    TRACE, "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault())));

    private static SamplingDecision decide(LostParentSampler sampler, Context parent, String name, SpanKind kind) {
        return sampler.shouldSample(parent, TRACE, name, kind, Attributes.empty(), List.of())
                .getDecision();
    }

    @Test
    void theClientsOrphanedAppendsAndHandOversAreDroppedAndEverythingElseSampledByDefault() {
        LostParentSampler sampler = new LostParentSampler("parentbased_always_on", 1.0);
        assertThat(decide(sampler, Context.root(), "streams.append", SpanKind.CLIENT))
                .isEqualTo(SamplingDecision.DROP);
        assertThat(decide(sampler, Context.root(), "streams.multi-append", SpanKind.CLIENT))
                .isEqualTo(SamplingDecision.DROP);
        assertThat(decide(sampler, SAMPLED_PARENT, "streams.append", SpanKind.CLIENT))
                .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decide(sampler, Context.root(), "append order", SpanKind.CLIENT))
                .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decide(sampler, Context.root(), "POST /orders", SpanKind.SERVER))
                .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decide(sampler, SAMPLED_PARENT, "streams.subscribe", SpanKind.CONSUMER))
                .as("the client's hand-over of an event to a consumer")
                .isEqualTo(SamplingDecision.DROP);
        assertThat(decide(sampler, SAMPLED_PARENT, "order-read-model OrderPlaced", SpanKind.CONSUMER))
                .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    }

    @Test
    void aConfiguredRatioOfZeroDropsRootsAndKeepsChildrenOfSampledParents() {
        LostParentSampler sampler = new LostParentSampler("parentbased_traceidratio", 0.0);
        assertThat(decide(sampler, Context.root(), "POST /orders", SpanKind.SERVER))
                .isEqualTo(SamplingDecision.DROP);
        assertThat(decide(sampler, SAMPLED_PARENT, "append order", SpanKind.CLIENT))
                .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    }
}
