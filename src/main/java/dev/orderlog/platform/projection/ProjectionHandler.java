package dev.orderlog.platform.projection;

import dev.orderlog.platform.kurrentdb.EventStoreUnavailable;
import dev.orderlog.platform.kurrentdb.StreamReads;
import dev.orderlog.platform.subscription.BatchHandler;
import dev.orderlog.platform.tracing.EventTracing;
import io.kurrent.dbclient.RecordedEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Feeds a projection a batch in one transaction on its live tables, and signals what was committed. The transaction
 * holds the read model's shared lock, so a rebuild (which takes it exclusively to swap) waits for every replica's batch
 * and holds them all back while it swaps. An event that comes before its predecessor is not sent back: the missing
 * events are read from KurrentDB and applied first, so the read model heals itself from the log.
 */
final class ProjectionHandler implements BatchHandler {
    private static final Logger LOG = Logger.getLogger(ProjectionHandler.class);

    private final Projection projection;
    private final Schemas schemas;
    private final StreamReads reads;
    private final CommittedRevisions committed;
    private final EventTracing tracing;

    ProjectionHandler(
            Projection projection,
            Schemas schemas,
            StreamReads reads,
            CommittedRevisions committed,
            EventTracing tracing) {
        this.projection = projection;
        this.tracing = tracing;
        this.schemas = schemas;
        this.reads = reads;
        this.committed = committed;
    }

    @Override
    public List<Outcome> handle(List<RecordedEvent> batch) {
        List<RecordedEvent> applied = new ArrayList<>();
        List<Outcome> outcomes = QuarkusTransaction.requiringNew().call(() -> {
            schemas.enterLive(projection);
            if (batch.size() > 1) {
                // For a single event a prefetch would only add round trips.
                projection.prefetch(batch);
            }
            List<Outcome> each = new ArrayList<>(batch.size());
            for (RecordedEvent event : batch) {
                Projection.Outcome outcome = tracing.handle(projection.name(), event, () -> projection.apply(event));
                if (outcome == Projection.Outcome.EARLY) {
                    applied.addAll(healBefore(event));
                    outcome = applyInOrder(event);
                }
                if (outcome == Projection.Outcome.APPLIED) {
                    applied.add(event);
                }
                each.add(outcome == Projection.Outcome.APPLIED ? Outcome.APPLIED : Outcome.DUPLICATE);
            }
            projection.flush();
            return each;
        });
        committed.committed(projection.name(), applied);
        return outcomes;
    }

    /** Applies the events of the stream before {@code early} that the read model lacks, oldest first; returns those applied. */
    private List<RecordedEvent> healBefore(RecordedEvent early) {
        List<RecordedEvent> healed = new ArrayList<>();
        for (RecordedEvent earlier : reads.range(early.getStreamId(), 0, (int) early.getRevision())) {
            if (applyInOrder(earlier) == Projection.Outcome.APPLIED) {
                healed.add(earlier);
            }
        }
        LOG.infof(
                "Projection %s received %s at revision %d before %d earlier event(s); applied them from the log first",
                projection.name(), early.getStreamId(), early.getRevision(), healed.size());
        return healed;
    }

    private Projection.Outcome applyInOrder(RecordedEvent event) {
        Projection.Outcome outcome = projection.apply(event);
        if (outcome == Projection.Outcome.EARLY) {
            throw new IllegalStateException("Projection " + projection.name() + " still finds " + event.getStreamId()
                    + "@" + event.getRevision() + " early after applying every earlier event of the stream");
        }
        return outcome;
    }

    /** PostgreSQL away, or KurrentDB away while the missing events of an early one are read. */
    @Override
    public boolean isTransient(RuntimeException failure) {
        return Failures.isTransient(failure) || failure instanceof EventStoreUnavailable;
    }
}
