package dev.orderlog.platform.projection;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Rebuild progress in PostgreSQL, so every replica answers for a rebuild that runs on one of them. */
@ApplicationScoped
public class RebuildProgressStore {
    private static final Logger LOG = Logger.getLogger(RebuildProgressStore.class);
    private final EntityManager entities;

    public RebuildProgressStore(EntityManager entities) {
        this.entities = entities;
    }

    /** Records the progress in a transaction of its own; a failure to record it is logged, the rebuild goes on. */
    void save(RebuildProgress progress) {
        try {
            write(progress);
        } catch (RuntimeException failed) {
            LOG.warnf("Progress of the rebuild of %s not recorded: %s", progress.projection(), failed.getMessage());
        }
    }

    private void write(RebuildProgress progress) {
        QuarkusTransaction.requiringNew()
                .run(() -> entities.createNativeQuery("""
                        INSERT INTO public.rebuild_progress (projection, state, applied, unapplied, failure, updated_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, now())
                        ON CONFLICT (projection) DO UPDATE SET state = EXCLUDED.state, applied = EXCLUDED.applied,
                            unapplied = EXCLUDED.unapplied, failure = EXCLUDED.failure, updated_at = EXCLUDED.updated_at""")
                        .setParameter(1, progress.projection())
                        .setParameter(2, progress.state().label())
                        .setParameter(3, progress.applied())
                        .setParameter(4, String.join("\n", progress.unapplied()))
                        .setParameter(5, progress.failure())
                        .executeUpdate());
    }

    Optional<RebuildProgress> find(String projection) {
        List<?> rows = QuarkusTransaction.requiringNew()
                .call(() -> entities.createNativeQuery(
                                "SELECT state, applied, unapplied, failure FROM public.rebuild_progress WHERE projection = ?1")
                        .setParameter(1, projection)
                        .getResultList());
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.getFirst();
        String unapplied = (String) row[2];
        return Optional.of(new RebuildProgress(
                projection,
                RebuildState.valueOf(((String) row[0]).toUpperCase(Locale.ROOT)),
                ((Number) row[1]).longValue(),
                unapplied.isEmpty() ? List.of() : Arrays.asList(unapplied.split("\n")),
                (String) row[3]));
    }
}
