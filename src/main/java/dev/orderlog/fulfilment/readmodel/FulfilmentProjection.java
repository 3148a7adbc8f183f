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
import dev.orderlog.platform.projection.TransactionScoped;
import io.kurrent.dbclient.RecordedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * Fulfilment instances into fulfilment_instance: each row keeps the instance's state, folded with the process's own
 * {@code evolve}, and what operators and the deadline poller ask of it (stage, deadline, problem, the step it would send next).
 */
@ApplicationScoped
public class FulfilmentProjection implements Projection {
    public static final String NAME = "fulfilment-read-model";
    public static final ReadModelTables TABLES = new ReadModelTables(
            "fulfilment", "fulfilment_schema", List.of("db/fulfilment/V200__fulfilment_instances.sql"));
    private static final Logger LOG = Logger.getLogger(FulfilmentProjection.class);
    private static final Map<String, Class<? extends Fulfilment>> STATE_TYPES = Arrays.stream(
                    Fulfilment.class.getPermittedSubclasses())
            .collect(Collectors.toMap(Class::getSimpleName, type -> type.asSubclass(Fulfilment.class)));

    // An instance not yet in the table is locked by nothing: two consumers holding its events at once (a
    // redelivery after a rebalance) may both write it, and the upsert keeps the later revision, never going back.
    private static final String UPSERT = """
            INSERT INTO fulfilment_instance (order_id, customer_id, phase, deadline_kind, deadline_at, problem, next_step, state_type, state,
                updated_at, last_revision)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?)
            ON CONFLICT (order_id) DO UPDATE SET phase = EXCLUDED.phase, deadline_kind = EXCLUDED.deadline_kind, deadline_at = EXCLUDED.deadline_at,
                problem = EXCLUDED.problem, next_step = EXCLUDED.next_step, state_type = EXCLUDED.state_type, state = EXCLUDED.state,
                updated_at = EXCLUDED.updated_at, last_revision = EXCLUDED.last_revision
            WHERE fulfilment_instance.last_revision < EXCLUDED.last_revision""";
    private final EntityManager entities;
    /** The instances the transaction has read, folded and will write. */
    private final TransactionScoped<Map<String, Instance>> rows;

    private final ObjectMapper json;
    private final EventCodec<FulfilmentEvent> codec;
    private final FulfilmentDecider decider;
    private final Fulfilments fulfilments;

    public FulfilmentProjection(
            EntityManager entities,
            TransactionSynchronizationRegistry transactions,
            ObjectMapper json,
            FulfilmentSettings settings,
            Fulfilments fulfilments) {
        this.entities = entities;
        this.rows = new TransactionScoped<>(transactions, TreeMap::new);
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

    /**
     * Locks and reads the batch's instances in one query; their events are then folded in memory and each instance is
     * written once, at the flush, instead of a read and a write per event.
     */
    @Override
    public void prefetch(List<RecordedEvent> batch) {
        load(batch.stream()
                .map(event -> Fulfilments.STREAMS.idOf(event.getStreamId()))
                .distinct()
                .sorted()
                .toList());
    }

    @Override
    public Outcome apply(RecordedEvent event) {
        String orderId = Fulfilments.STREAMS.idOf(event.getStreamId());
        Instance instance = rows().get(orderId);
        if (instance == null) {
            instance = load(List.of(orderId)).get(orderId);
        }
        Optional<Outcome> skipped = Projection.outOfSequence(instance.lastRevision, event.getRevision());
        if (skipped.isPresent()) {
            return skipped.get();
        }
        instance.state = decider.evolve(instance.state, codec.decode(event));
        instance.lastRevision = event.getRevision();
        instance.updatedAt = event.getCreated();
        instance.changed = true;
        return Outcome.APPLIED;
    }

    /** Writes each instance the transaction changed, as one JDBC batch in key order. */
    @Override
    public void flush() {
        List<Instance> changed =
                rows().values().stream().filter(instance -> instance.changed).toList();
        if (changed.isEmpty()) {
            return;
        }
        entities.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
                for (Instance instance : changed) {
                    add(upsert, instance);
                }
                upsert.executeBatch();
            }
        });
        changed.forEach(instance -> instance.changed = false);
    }

    /** An instance as this transaction holds it: read (and locked) once, folded in memory, written at the flush. */
    private static final class Instance {
        final String orderId;
        long lastRevision;
        Fulfilment state;
        Instant updatedAt;
        boolean changed;

        Instance(String orderId, long lastRevision, Fulfilment state) {
            this.orderId = orderId;
            this.lastRevision = lastRevision;
            this.state = state;
        }
    }

    /** The instances the transaction holds, by order id, in key order. */
    private Map<String, Instance> rows() {
        return rows.get();
    }

    /** Locks and reads these instances (in key order, so two consumers never wait on each other in a circle); missing ones start empty. */
    private Map<String, Instance> load(List<String> orderIds) {
        Map<String, Instance> rows = rows();
        List<String> missing =
                orderIds.stream().filter(id -> !rows.containsKey(id)).toList();
        if (missing.isEmpty()) {
            return rows;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> found = entities.createNativeQuery("""
                        SELECT order_id, last_revision, state_type, CAST(state AS text) FROM fulfilment_instance
                        WHERE order_id = ANY(CAST(?1 AS text[])) ORDER BY order_id FOR UPDATE""")
                .setParameter(1, missing.toArray(String[]::new))
                .getResultList();
        for (Object[] row : found) {
            String orderId = (String) row[0];
            long last = ((Number) row[1]).longValue();
            rows.put(orderId, new Instance(orderId, last, read(orderId, (String) row[2], (String) row[3], last)));
        }
        missing.forEach(
                orderId -> rows.computeIfAbsent(orderId, absent -> new Instance(absent, -1, decider.initial())));
        return rows;
    }

    private void add(PreparedStatement upsert, Instance instance) throws SQLException {
        Fulfilment state = instance.state;
        Optional<Deadline> deadline = FulfilmentDecider.deadline(state);
        upsert.setString(1, instance.orderId);
        upsert.setString(2, FulfilmentDecider.jobOf(state).customerId());
        upsert.setString(3, state.phase().label());
        upsert.setString(4, deadline.map(d -> d.kind().name()).orElse(null));
        upsert.setTimestamp(5, deadline.map(d -> Timestamp.from(d.dueAt())).orElse(null));
        upsert.setString(6, state instanceof Fulfilment.NeedsAttention attention ? attention.problem() : null);
        upsert.setString(7, FulfilmentDecider.next(state).map(Step::id).orElse(null));
        upsert.setString(8, state.getClass().getSimpleName());
        upsert.setString(9, write(state));
        upsert.setTimestamp(10, Timestamp.from(instance.updatedAt));
        upsert.setLong(11, instance.lastRevision);
        upsert.addBatch();
    }

    /** The row's state; one an earlier version wrote in another shape is folded again from the instance's stream. */
    private Fulfilment read(String orderId, String stateType, String stateJson, long revision) {
        Class<? extends Fulfilment> type = STATE_TYPES.get(stateType);
        try {
            if (type != null) {
                return json.readValue(stateJson, type);
            }
        } catch (JsonProcessingException | IllegalArgumentException olderShape) {
            LOG.infof(
                    "Fulfilment state of order %s in the read model has an earlier shape; folded again from its stream",
                    orderId);
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
