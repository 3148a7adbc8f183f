package dev.orderlog.fulfilment.readmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.fulfilment.Deadline;
import dev.orderlog.fulfilment.Fulfilment;
import dev.orderlog.fulfilment.FulfilmentDecider;
import dev.orderlog.fulfilment.FulfilmentEvent;
import dev.orderlog.fulfilment.FulfilmentSettings;
import dev.orderlog.fulfilment.Fulfilments;
import dev.orderlog.fulfilment.Step;
import dev.orderlog.platform.command.CommandPipeline;
import dev.orderlog.platform.command.EventCodec;
import dev.orderlog.platform.projection.Projection;
import dev.orderlog.platform.projection.ReadModelTables;
import io.kurrent.dbclient.RecordedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Fulfilment instances into fulfilment_instance: each row keeps the instance's state, folded with the process's own
 * {@code evolve}, and what operators and the deadline poller ask of it (stage, deadline, problem, the step it would send next).
 */
@ApplicationScoped
public class FulfilmentProjection implements Projection {
    public static final String NAME = "fulfilment-read-model";
    public static final ReadModelTables TABLES = new ReadModelTables("fulfilment", "fulfilment_schema",
            List.of("db/fulfilment/V200__fulfilment_instances.sql"));
    private static final Logger LOG = Logger.getLogger(FulfilmentProjection.class);
    private static final Map<String, Class<? extends Fulfilment>> STATE_TYPES = Arrays.stream(Fulfilment.class.getPermittedSubclasses())
            .collect(Collectors.toMap(Class::getSimpleName, type -> type.asSubclass(Fulfilment.class)));

    private final EntityManager entities;
    private final ObjectMapper json;
    private final EventCodec<FulfilmentEvent> codec;
    private final FulfilmentDecider decider;
    private final Fulfilments fulfilments;

    public FulfilmentProjection(EntityManager entities, ObjectMapper json, FulfilmentSettings settings, Fulfilments fulfilments) {
        this.entities = entities;
        this.fulfilments = fulfilments;
        this.json = json;
        this.codec = new EventCodec<>(json, Fulfilments.EVENT_TYPES);
        this.decider = new FulfilmentDecider(settings.paymentTimeout(), settings.shipmentTimeout());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String streamRegex() {
        return Fulfilments.STREAMS.streamRegex();
    }

    @Override
    public ReadModelTables tables() {
        return TABLES;
    }

    @Override
    public Outcome apply(RecordedEvent event) {
        String orderId = Fulfilments.STREAMS.idOf(event.getStreamId());
        List<?> row = entities.createNativeQuery("SELECT last_revision, state_type, CAST(state AS text) FROM fulfilment_instance WHERE order_id = ?1 FOR UPDATE")
                .setParameter(1, orderId).getResultList();
        long last = row.isEmpty() ? -1 : ((Number) ((Object[]) row.getFirst())[0]).longValue();
        if (event.getRevision() <= last) {
            return Outcome.DUPLICATE;
        }
        if (event.getRevision() > last + 1) {
            return Outcome.EARLY;
        }
        Fulfilment before = row.isEmpty() ? decider.initial() : read(orderId, (Object[]) row.getFirst(), last);
        Fulfilment after = decider.evolve(before, codec.decode(event));
        Optional<Deadline> deadline = FulfilmentDecider.deadline(after);
        entities.createNativeQuery("""
                        INSERT INTO fulfilment_instance (order_id, customer_id, phase, deadline_kind, deadline_at, problem, next_step, state_type, state,
                            updated_at, last_revision)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?11, ?7, CAST(?8 AS jsonb), ?9, ?10)
                        ON CONFLICT (order_id) DO UPDATE SET phase = EXCLUDED.phase, deadline_kind = EXCLUDED.deadline_kind, deadline_at = EXCLUDED.deadline_at,
                            problem = EXCLUDED.problem, next_step = EXCLUDED.next_step, state_type = EXCLUDED.state_type, state = EXCLUDED.state,
                            updated_at = EXCLUDED.updated_at, last_revision = EXCLUDED.last_revision""")
                .setParameter(1, orderId).setParameter(2, FulfilmentDecider.jobOf(after).customerId()).setParameter(3, after.phase())
                .setParameter(4, deadline.map(d -> d.kind().name()).orElse(null))
                .setParameter(5, deadline.map(d -> Timestamp.from(d.dueAt())).orElse(null))
                .setParameter(6, after instanceof Fulfilment.NeedsAttention attention ? attention.problem() : null)
                .setParameter(7, after.getClass().getSimpleName()).setParameter(8, write(after))
                .setParameter(9, Timestamp.from(event.getCreated())).setParameter(10, event.getRevision())
                .setParameter(11, FulfilmentDecider.next(after).map(Step::id).orElse(null))
                .executeUpdate();
        return Outcome.APPLIED;
    }

    /** The row's state; one an earlier version wrote in another shape is folded again from the instance's stream. */
    private Fulfilment read(String orderId, Object[] row, long revision) {
        Class<? extends Fulfilment> type = STATE_TYPES.get((String) row[1]);
        try {
            if (type != null) {
                return json.readValue((String) row[2], type);
            }
        } catch (JsonProcessingException | IllegalArgumentException olderShape) {
            LOG.infof("Fulfilment state of order %s in the read model has an earlier shape; folded again from its stream", orderId);
        }
        Fulfilment state = decider.initial();
        for (CommandPipeline.Recorded<FulfilmentEvent> recorded : fulfilments.history(orderId)) {
            if (recorded.revision() <= revision) {
                state = decider.evolve(state, recorded.event());
            }
        }
        return state;
    }

    private String write(Fulfilment state) {
        try {
            return json.writeValueAsString(state);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
