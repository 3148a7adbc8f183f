package dev.orderlog.fulfilment.readmodel;

import dev.orderlog.fulfilment.Deadline;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** What the fulfilment read model answers: instances by stage, due deadlines, stalled instances. */
@ApplicationScoped
public class FulfilmentQueries {
    private static final String TABLE = FulfilmentProjection.TABLES.schema() + ".fulfilment_instance";

    public record Instance(
            String orderId,
            String customerId,
            String phase,
            Optional<Deadline> deadline,
            Optional<String> problem,
            Instant updatedAt) {}

    private final EntityManager entities;

    public FulfilmentQueries(EntityManager entities) {
        this.entities = entities;
    }

    public List<Instance> inPhase(String phase, int limit) {
        return instances("WHERE phase = ?1 ORDER BY updated_at", phase, limit);
    }

    /** How many instances each stage holds (stages without any are absent). */
    public Map<String, Long> countByPhase() {
        return QuarkusTransaction.requiringNew()
                .call(() -> ((List<?>)
                                entities.createNativeQuery("SELECT phase, count(*) FROM " + TABLE + " GROUP BY phase")
                                        .getResultList())
                        .stream()
                                .map(Object[].class::cast)
                                .collect(Collectors.toMap(
                                        row -> (String) row[0], row -> ((Number) row[1]).longValue())));
    }

    /** Instances whose deadline has passed, oldest first. */
    public List<Instance> due(Instant now, int limit) {
        return instances("WHERE deadline_at <= ?1 ORDER BY deadline_at", Timestamp.from(now), limit);
    }

    /** Instances with a step to send that have not changed since {@code before}: the step's outcome may never have been recorded. */
    public List<Instance> stalled(Instant before, int limit) {
        return instances(
                "WHERE next_step IS NOT NULL AND updated_at < ?1 ORDER BY updated_at", Timestamp.from(before), limit);
    }

    private List<Instance> instances(String where, Object parameter, int limit) {
        return QuarkusTransaction.requiringNew()
                .call(() -> rows(entities.createNativeQuery(select() + " " + where)
                        .setParameter(1, parameter)
                        .setMaxResults(limit)
                        .getResultList()));
    }

    private static String select() {
        return "SELECT order_id, customer_id, phase, deadline_kind, deadline_at, problem, updated_at FROM " + TABLE;
    }

    private static List<Instance> rows(List<?> rows) {
        return rows.stream()
                .map(Object[].class::cast)
                .map(row -> new Instance(
                        (String) row[0],
                        (String) row[1],
                        (String) row[2],
                        Optional.ofNullable((String) row[3])
                                .map(kind -> new Deadline(Deadline.Kind.valueOf(kind), instant(row[4]))),
                        Optional.ofNullable((String) row[5]),
                        instant(row[6])))
                .toList();
    }

    private static Instant instant(Object column) {
        return switch (column) {
            case Timestamp timestamp -> timestamp.toInstant();
            case Instant instant -> instant;
            case java.time.OffsetDateTime offset -> offset.toInstant();
            default -> throw new IllegalStateException("Not a time: " + column);
        };
    }
}
