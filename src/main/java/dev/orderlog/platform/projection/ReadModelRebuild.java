package dev.orderlog.platform.projection;

import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.Position;
import io.kurrent.dbclient.ReadAllOptions;
import io.kurrent.dbclient.RecordedEvent;
import io.kurrent.dbclient.ResolvedEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Rebuilds one read model from the start of the log into a fresh copy of its schema while queries go on against the
 * live one. Then, in one transaction that holds the read model's lock exclusively (so the writers of every replica have
 * finished their batches and wait), it applies the events appended since and swaps the two schemas. A rebuild that
 * could not apply every event does not swap; a failure of PostgreSQL is retried, never skipped. Other read models are
 * not touched, and one rebuild of a read model runs at a time across the cluster.
 */
@ApplicationScoped
public class ReadModelRebuild {
    private static final int ATTEMPTS = 8;
    private static final Logger LOG = Logger.getLogger(ReadModelRebuild.class);

    /** One read of {@code $all}: the events after the position it started from, and whether the log ended within it. */
    private record Page(List<RecordedEvent> events, boolean last) {}

    /** Why a rebuild stops without swapping. */
    private static final class NotSwapped extends RuntimeException {
        NotSwapped(String reason) {
            super(reason);
        }
    }

    private final KurrentDBClient client;
    private final Schemas schemas;
    private final DataSource dataSource;
    private final int pageSize;
    private final RebuildProgressStore store;
    /** The rebuilds running in this instance; what every replica reads is in the store. */
    private final Map<String, RebuildProgress> progress = new ConcurrentHashMap<>();

    public ReadModelRebuild(
            KurrentDBClient client,
            Schemas schemas,
            DataSource dataSource,
            ProjectionSettings settings,
            RebuildProgressStore store) {
        this.client = client;
        this.schemas = schemas;
        this.dataSource = dataSource;
        this.store = store;
        // A read from a position returns the event at it again: a page of one would never move on.
        this.pageSize = Math.max(2, settings.rebuildPageSize());
    }

    /** The last or current rebuild of the projection, whichever replica runs or ran it. */
    public Optional<RebuildProgress> progress(String projection) {
        return store.find(projection);
    }

    /** Changes this instance's record of a running rebuild and publishes it to every replica. */
    private RebuildProgress update(String projection, UnaryOperator<RebuildProgress> change) {
        RebuildProgress changed = progress.computeIfPresent(projection, (name, current) -> change.apply(current));
        store.save(changed);
        return changed;
    }

    /** Starts a rebuild in the background; false when one of this read model runs already, here or on another replica. */
    public boolean start(Projection projection) throws SQLException {
        Optional<RebuildClaim> claimed = RebuildClaim.take(dataSource, projection.name());
        if (claimed.isEmpty()) {
            return false;
        }
        RebuildClaim claim = claimed.get();
        progress.put(projection.name(), RebuildProgress.started(projection.name()));
        store.save(progress.get(projection.name()));
        String rebuild = UUID.randomUUID().toString().substring(0, 8);
        Thread.ofPlatform().name("rebuild-" + projection.name()).daemon().start(() -> {
            try {
                rebuild(projection, rebuild);
            } catch (Exception failed) {
                LOG.errorf(
                        "Rebuild of %s stopped without swapping; the live read model is untouched: %s",
                        projection.name(), failed.getMessage());
                update(projection.name(), current -> current.failed(String.valueOf(failed.getMessage())));
                dropQuietly(projection.tables().rebuildSchema(rebuild));
            } finally {
                release(claim);
            }
        });
        return true;
    }

    private void rebuild(Projection projection, String rebuild) throws ExecutionException, InterruptedException {
        ReadModelTables tables = projection.tables();
        String schema = tables.rebuildSchema(rebuild);
        LOG.infof("Rebuilding %s from the start of the log into schema %s", projection.name(), schema);
        retryingTransient(
                projection,
                () -> QuarkusTransaction.requiringNew().call(() -> {
                    // Left by rebuilds that died; this one holds the claim, so no other is running.
                    schemas.named(tables.rebuildPrefix()).forEach(schemas::drop);
                    schemas.create(tables, schema);
                    return null;
                }));
        Pattern streams = Pattern.compile(projection.streamRegex());
        Position position = null;
        for (boolean more = true; more; ) {
            Page page = page(position);
            List<RecordedEvent> matching = page.events().stream()
                    .filter(event -> streams.matcher(event.getStreamId()).find())
                    .toList();
            if (!matching.isEmpty()) {
                applyPage(projection, schema, matching);
            }
            if (!page.events().isEmpty()) {
                position = page.events().getLast().getPosition();
            }
            more = !page.last();
        }
        RebuildProgress built = progress.get(projection.name());
        if (!built.unapplied().isEmpty()) {
            throw new NotSwapped(built.unapplied().size()
                    + " event(s) could not be applied (listed under unapplied); the live read model, "
                    + "which has them or has them parked, stays");
        }
        Position caughtUpTo = position;
        long appliedAtTheSwap = retryingTransient(
                projection,
                () -> QuarkusTransaction.requiringNew().call(() -> {
                    schemas.excludeWriters(projection);
                    schemas.use(schema);
                    long applied = applyRest(projection, streams, caughtUpTo);
                    projection.flush();
                    schemas.rename(tables.schema(), tables.retiredSchema(rebuild));
                    schemas.rename(schema, tables.schema());
                    schemas.drop(tables.retiredSchema(rebuild));
                    return applied;
                }));
        update(projection.name(), current -> current.applied(appliedAtTheSwap));
        RebuildProgress finished = update(projection.name(), RebuildProgress::done);
        LOG.infof("Rebuilt %s: %d events applied, now live", projection.name(), finished.applied());
    }

    /** Everything after {@code from}, in the swap's transaction: any event that cannot be applied stops the swap. */
    private long applyRest(Projection projection, Pattern streams, Position from)
            throws ExecutionException, InterruptedException {
        long applied = 0;
        Position position = from;
        while (true) {
            Page page = page(position);
            for (RecordedEvent event : page.events()) {
                if (streams.matcher(event.getStreamId()).find()) {
                    if (projection.apply(event) == Projection.Outcome.EARLY) {
                        throw new NotSwapped(event.getStreamId() + "@" + event.getRevision()
                                + " came before an earlier event of its stream");
                    }
                    applied++;
                }
            }
            if (!page.events().isEmpty()) {
                position = page.events().getLast().getPosition();
            }
            if (page.last()) {
                return applied;
            }
        }
    }

    /**
     * A page in one transaction; if an event fails on its own, event by event, so each event the projection cannot
     * apply (one the live consumer would park) is listed and the rest are applied.
     */
    private void applyPage(Projection projection, String schema, List<RecordedEvent> page) {
        try {
            retryingTransient(projection, () -> applyInRebuild(projection, schema, page));
            update(projection.name(), current -> current.applied(page.size()));
            return;
        } catch (TransientFailure stop) {
            throw stop;
        } catch (RuntimeException pageFailed) {
            LOG.debugf(
                    "A page of the rebuild of %s failed (%s); applying it event by event",
                    projection.name(), pageFailed.getMessage());
        }
        for (RecordedEvent event : page) {
            try {
                retryingTransient(projection, () -> applyInRebuild(projection, schema, List.of(event)));
                update(projection.name(), current -> current.applied(1));
            } catch (TransientFailure stop) {
                throw stop;
            } catch (RuntimeException failed) {
                String what = event.getStreamId() + "@" + event.getRevision() + ": " + failed.getMessage();
                LOG.warnf("Rebuild of %s could not apply %s", projection.name(), what);
                update(projection.name(), current -> current.unapplied(what));
            }
        }
    }

    private Void applyInRebuild(Projection projection, String schema, List<RecordedEvent> events) {
        return QuarkusTransaction.requiringNew().call(() -> {
            schemas.use(schema);
            if (events.size() > 1) {
                projection.prefetch(events);
            }
            for (RecordedEvent event : events) {
                if (projection.apply(event) == Projection.Outcome.EARLY) {
                    throw new IllegalStateException("an earlier event of its stream could not be applied");
                }
            }
            projection.flush();
            return null;
        });
    }

    /** PostgreSQL stayed away through every attempt: the rebuild stops rather than skip what it could not write. */
    private static final class TransientFailure extends RuntimeException {
        TransientFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private <T> T retryingTransient(Projection projection, Supplier<T> work) {
        Duration pause = Duration.ofMillis(100);
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (RuntimeException failed) {
                if (!Failures.isTransient(failed)) {
                    throw failed;
                }
                if (attempt == ATTEMPTS) {
                    throw new TransientFailure(
                            "PostgreSQL failed " + ATTEMPTS + " times in a row: " + failed.getMessage(), failed);
                }
                LOG.warnf(
                        "Rebuild of %s cannot write (%s); trying again in %s",
                        projection.name(), failed.getMessage(), pause);
                sleep(pause);
                pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0
                        ? Duration.ofSeconds(5)
                        : pause.multipliedBy(2);
            }
        }
    }

    /** Up to a page of {@code $all} after {@code after} (from the start when null). */
    private Page page(Position after) throws ExecutionException, InterruptedException {
        ReadAllOptions options = ReadAllOptions.get().forwards().maxCount(pageSize);
        options = after == null ? options.fromStart() : options.fromPosition(after);
        List<ResolvedEvent> read = client.readAll(options).get().getEvents();
        List<RecordedEvent> events = new ArrayList<>(read.size());
        for (ResolvedEvent event : read) {
            RecordedEvent recorded = event.getOriginalEvent();
            // Reading from a position includes the event at it, which the previous page already had.
            if (!recorded.getPosition().equals(after)) {
                events.add(recorded);
            }
        }
        // The end is where a read returns less than it asked for, counting the repeated event.
        return new Page(events, read.size() < pageSize);
    }

    private static void release(RebuildClaim claim) {
        try {
            claim.close();
        } catch (SQLException failed) {
            // PostgreSQL releases the lock with the session in any case.
            LOG.warnf("Could not release a rebuild claim: %s", failed.getMessage());
        }
    }

    private void dropQuietly(String schema) {
        try {
            QuarkusTransaction.requiringNew().run(() -> schemas.drop(schema));
        } catch (RuntimeException failed) {
            LOG.warnf("Could not drop %s: %s", schema, failed.getMessage());
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", interrupted);
        }
    }
}
