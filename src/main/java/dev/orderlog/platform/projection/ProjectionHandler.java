package dev.orderlog.platform.projection;

import dev.orderlog.platform.subscription.BatchHandler;
import io.kurrent.dbclient.RecordedEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.util.ArrayList;
import java.util.List;

/** Feeds a projection a batch in one transaction on its live tables, and signals what was committed. */
final class ProjectionHandler implements BatchHandler {
    private final Projection projection;
    private final Schemas schemas;
    private final CommittedRevisions committed;

    ProjectionHandler(Projection projection, Schemas schemas, CommittedRevisions committed) {
        this.projection = projection;
        this.schemas = schemas;
        this.committed = committed;
    }

    @Override
    public List<Outcome> handle(List<RecordedEvent> batch) {
        List<Outcome> outcomes = QuarkusTransaction.requiringNew().call(() -> {
            schemas.use(projection.tables().schema());
            if (batch.size() > 1) {
                // For a single event a prefetch would only add round trips.
                projection.prefetch(batch);
            }
            List<Outcome> each = new ArrayList<>(batch.size());
            for (RecordedEvent event : batch) {
                each.add(projection.apply(event));
            }
            return each;
        });
        List<RecordedEvent> applied = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (outcomes.get(i) == Outcome.APPLIED) {
                applied.add(batch.get(i));
            }
        }
        committed.committed(applied);
        return outcomes;
    }

    @Override
    public boolean isTransient(RuntimeException failure) {
        return Failures.isTransient(failure);
    }
}
