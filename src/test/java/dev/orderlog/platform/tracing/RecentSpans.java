package dev.orderlog.platform.tracing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Where the tests' spans go: a CDI span exporter, which Quarkus uses instead of OTLP. It keeps the newest spans only,
 * so test profiles that trace everything stay small.
 */
@Singleton
public class RecentSpans implements SpanExporter {
    private static final int KEPT = 20_000;
    private final ConcurrentLinkedDeque<SpanData> spans = new ConcurrentLinkedDeque<>();

    @Override
    public CompletableResultCode export(Collection<SpanData> exported) {
        spans.addAll(exported);
        while (spans.size() > KEPT) {
            spans.pollFirst();
        }
        return CompletableResultCode.ofSuccess();
    }

    public List<SpanData> all() {
        return List.copyOf(spans);
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
