package dev.orderlog.fulfilment.process;

import dev.orderlog.fulfilment.FulfilmentSettings;
import dev.orderlog.fulfilment.Phase;
import dev.orderlog.fulfilment.readmodel.FulfilmentQueries;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * How many instances each phase holds, as gauges (needs-attention among them): read from the read model every few
 * seconds rather than at each scrape. Every replica reads the same table, so dashboards take the max across replicas.
 */
@Startup
@ApplicationScoped
public class PhaseCounts {
    private static final Logger LOG = Logger.getLogger(PhaseCounts.class);
    private final FulfilmentSettings settings;
    private final FulfilmentQueries queries;
    private final Map<Phase, Double> counts = new EnumMap<>(Phase.class);
    private Instant readAt;

    /** The counts of every phase as read at {@code at} (null before the first read): zero for a phase holding none. */
    public record Counts(Instant at, Map<Phase, Double> byPhase) {}

    public PhaseCounts(FulfilmentSettings settings, FulfilmentQueries queries, MeterRegistry metrics) {
        this.settings = settings;
        this.queries = queries;
        for (Phase phase : Phase.byUrgency()) {
            counts.put(phase, Double.NaN);
            Gauge.builder("orderlog.fulfilment.instances", this, self -> self.of(phase))
                    .description("Fulfilment instances in each phase, as the read model has them")
                    .tag("phase", phase.label())
                    .register(metrics);
        }
    }

    private synchronized double of(Phase phase) {
        return counts.get(phase);
    }

    /** The counts last read; NaN each before the first read. */
    public synchronized Counts last() {
        return new Counts(readAt, Map.copyOf(counts));
    }

    @Scheduled(
            every = "{orderlog.fulfilment.phase-counts-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void read() {
        if (!settings.enabled()) {
            return;
        }
        try {
            Map<String, Long> byLabel = queries.countByPhase();
            synchronized (this) {
                counts.replaceAll(
                        (phase, old) -> byLabel.getOrDefault(phase.label(), 0L).doubleValue());
                readAt = Instant.now();
            }
        } catch (RuntimeException unreadable) {
            // PostgreSQL away: the gauges keep their last counts, and readiness tells the rest.
            LOG.debugf("Phase counts not read now: %s", unreadable.toString());
        }
    }
}
