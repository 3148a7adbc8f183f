package dev.orderlog.order.readmodel;

import dev.orderlog.order.Orders;
import dev.orderlog.platform.projection.Projection;
import dev.orderlog.platform.projection.ReadModelTables;
import io.kurrent.dbclient.RecordedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;

/** A second read model, for tests only: one row per order event, so two projections run and rebuild side by side. */
@ApplicationScoped
public class OrderActivityProjection implements Projection {
    public static final String NAME = "order-activity";
    static final ReadModelTables TABLES = new ReadModelTables("order_activity", "activity_schema",
            List.of("db/test-migration/V1000__order_activity.sql"));

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
        int inserted = entities.createNativeQuery("INSERT INTO order_activity (stream, revision, type) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")
                .setParameter(1, event.getStreamId()).setParameter(2, event.getRevision()).setParameter(3, event.getEventType())
                .executeUpdate();
        return inserted == 1 ? Projection.Outcome.APPLIED : Projection.Outcome.DUPLICATE;
    }
}
