package dev.orderlog.fulfilment.http;

import dev.orderlog.fulfilment.Phase;
import dev.orderlog.fulfilment.process.PhaseCounts;
import dev.orderlog.platform.console.LineChart;
import dev.orderlog.platform.console.Samples;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.qute.RawString;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the fulfilment page charts over the last minutes: instances in each phase under way, orders completed and
 * cancelled per minute, and the payment provider's failed calls per minute (no answer, or not sent for an open circuit)
 * as this instance made them. Phase counts come from the read model every replica shares.
 */
@ApplicationScoped
public class FulfilmentHistory {
    static final Duration WINDOW = Duration.ofMinutes(10);
    private static final List<Phase> UNDER_WAY = List.of(
            Phase.NEEDS_ATTENTION,
            Phase.COMPENSATING,
            Phase.RESERVING_STOCK,
            Phase.AWAITING_PAYMENT,
            Phase.AWAITING_SHIPMENT,
            Phase.SHIPPING);
    private static final List<Phase> FINISHED = List.of(Phase.COMPLETED, Phase.CANCELLED);
    private static final Set<String> FAILED_CALLS = Set.of("error", "circuit-open");

    private final PhaseCounts phases;
    private final MeterRegistry metrics;
    private final Samples underWay = new Samples(WINDOW);
    private final Samples finished = new Samples(WINDOW);
    private final Samples providerFailures = new Samples(WINDOW);
    private PhaseCounts.Counts lastCounts = new PhaseCounts.Counts(null, Map.of());
    private double lastFailures = Double.NaN;
    private Instant lastAt;

    public FulfilmentHistory(PhaseCounts phases, MeterRegistry metrics) {
        this.phases = phases;
        this.metrics = metrics;
    }

    @Scheduled(
            every = "{orderlog.console.chart-sample-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    synchronized void sample() {
        Instant now = Instant.now();
        double failures = failedProviderCalls();
        if (lastAt != null) {
            providerFailures.add("failed calls", now, perMinute(failures, lastFailures, minutesBetween(lastAt, now)));
        }
        lastFailures = failures;
        lastAt = now;
        // Rates from the counts' own read times: they are read on a schedule of their own.
        PhaseCounts.Counts counts = phases.last();
        if (counts.at() == null || counts.at().equals(lastCounts.at())) {
            return;
        }
        UNDER_WAY.forEach(phase ->
                underWay.add(phase.label(), counts.at(), counts.byPhase().get(phase)));
        if (lastCounts.at() != null) {
            double minutes = minutesBetween(lastCounts.at(), counts.at());
            FINISHED.forEach(phase -> finished.add(
                    phase.label(),
                    counts.at(),
                    perMinute(counts.byPhase().get(phase), lastCounts.byPhase().get(phase), minutes)));
        }
        lastCounts = counts;
    }

    private static double minutesBetween(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 60_000.0;
    }

    /** A count's rise per minute; unknown (NaN) when either count is, none when it fell (an instance moved on). */
    private static double perMinute(double now, double before, double minutes) {
        return Double.isNaN(now) || Double.isNaN(before) ? Double.NaN : Math.max(0, now - before) / minutes;
    }

    private double failedProviderCalls() {
        return metrics.find("orderlog.payment.provider.calls").timers().stream()
                .filter(timer -> FAILED_CALLS.contains(timer.getId().getTag("outcome")))
                .mapToDouble(Timer::count)
                .sum();
    }

    RawString underWayChart() {
        return LineChart.of("phases-chart", "Instances under way, by phase", "instances", underWay, Instant.now());
    }

    RawString finishedChart() {
        return LineChart.of("throughput-chart", "Orders finished per minute", "per minute", finished, Instant.now());
    }

    RawString providerChart() {
        return LineChart.of(
                "provider-failures-chart",
                "Failed payment provider calls per minute",
                "per minute",
                providerFailures,
                Instant.now());
    }
}
