package dev.orderlog.order.readmodel;

import dev.orderlog.order.Orders;
import dev.orderlog.platform.projection.Projection;
import dev.orderlog.platform.projection.ReadModelTables;
import io.kurrent.dbclient.RecordedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A second read model, for tests only: one row per order event, so two projections run and rebuild side by side. */
@ApplicationScoped
public class OrderActivityProjection implements Projection {
    public static final String NAME = "order-activity";
    static final ReadModelTables TABLES = new ReadModelTables(
            "order_activity", "activity_schema", List.of("db/test-migration/V1000__order_activity.sql"));

    /** How many of the next events fail as PostgreSQL does when it goes away for a moment (set by tests). */
    static final AtomicInteger PASSING_OUTAGE = new AtomicInteger();

    private final EntityManager entities;

    public OrderActivityProjection(EntityManager entities) {
        this.entities = entities;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String streamRegex() {
        return Orders.STREAMS.streamRegex();
    }

    @Override
    public ReadModelTables tables() {
        return TABLES;
    }

    @Override
    public Projection.Outcome apply(RecordedEvent event) {
        if (PASSING_OUTAGE.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            throw new PersistenceException(
                    new SQLTransientConnectionException("PostgreSQL went away for a moment", "08006"));
        }
        int inserted = entities.createNativeQuery(
                        "INSERT INTO order_activity (stream, revision, type) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")
                .setParameter(1, event.getStreamId())
                .setParameter(2, event.getRevision())
                .setParameter(3, event.getEventType())
                .executeUpdate();
        return inserted == 1 ? Projection.Outcome.APPLIED : Projection.Outcome.DUPLICATE;
    }
}
