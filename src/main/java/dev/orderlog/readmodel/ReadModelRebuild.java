package dev.orderlog.readmodel;

import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.Position;
import io.kurrent.dbclient.ReadAllOptions;
import io.kurrent.dbclient.RecordedEvent;
import io.kurrent.dbclient.ResolvedEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Rebuilds a read model from the start of the log into a fresh schema while queries go on against the live one, then,
 * with the live projection paused for a moment, applies the last events and swaps the schemas in one transaction.
 */
@ApplicationScoped
public class ReadModelRebuild {
    static final String REBUILD_SCHEMA = "readmodel_rebuild";
    private static final String RETIRED_SCHEMA = "readmodel_retired";
    private static final int PAGE = 1_000;
    private static final Logger LOG = Logger.getLogger(ReadModelRebuild.class);

    /** What the last or current rebuild is doing; {@code unapplied} lists events the projection could not apply. */
    public record Progress(String projection, String state, long applied, List<String> unapplied) {
        Progress with(String newState, long moreApplied, List<String> moreUnapplied) {
            List<String> all = new ArrayList<>(unapplied);
            all.addAll(moreUnapplied);
            return new Progress(projection, newState, applied + moreApplied, List.copyOf(all));
        }
    }

    private final KurrentDBClient client;
    private final ReadModelSchema schemas;
    private final ProjectionRunner runner;
    private final EntityManager entities;
    private final AtomicReference<Progress> progress = new AtomicReference<>();

    public ReadModelRebuild(KurrentDBClient client, ReadModelSchema schemas, ProjectionRunner runner, EntityManager entities) {
        this.client = client;
        this.schemas = schemas;
        this.runner = runner;
        this.entities = entities;
    }

    public Progress progress() {
        return progress.get();
    }

    /** Starts a rebuild in the background; false when one is already running. */
    public boolean start(Projection projection) {
        Progress current = progress.get();
        if (current != null && !current.state().equals("done") && !current.state().startsWith("failed")) {
            return false;
        }
        progress.set(new Progress(projection.name(), "rebuilding", 0, List.of()));
        Thread.ofPlatform().name("rebuild-" + projection.name()).daemon().start(() -> {
            try {
                rebuild(projection);
            } catch (Exception failed) {
                LOG.errorf(failed, "Rebuild of %s failed; the live read model is untouched", projection.name());
                progress.set(progress.get().with("failed: " + failed.getMessage(), 0, List.of()));
            }
        });
        return true;
    }

    private void rebuild(Projection projection) throws ExecutionException, InterruptedException {
        LOG.infof("Rebuilding %s from the start of the log into schema %s", projection.name(), REBUILD_SCHEMA);
        QuarkusTransaction.requiringNew().run(() -> {
            schemas.drop(REBUILD_SCHEMA);
            schemas.create(REBUILD_SCHEMA);
        });
        Pattern streams = Pattern.compile(projection.streamRegex());
        Position position = catchUp(projection, streams, null);
        ProjectionWorker live = runner.worker(projection.name()).orElseThrow();
        live.pause(true);
        try {
            catchUp(projection, streams, position);
            QuarkusTransaction.requiringNew().run(() -> {
                entities.createNativeQuery("ALTER SCHEMA " + ReadModelSchema.LIVE + " RENAME TO " + RETIRED_SCHEMA).executeUpdate();
                entities.createNativeQuery("ALTER SCHEMA " + REBUILD_SCHEMA + " RENAME TO " + ReadModelSchema.LIVE).executeUpdate();
                schemas.drop(RETIRED_SCHEMA);
            });
        } finally {
            live.pause(false);
        }
        progress.set(progress.get().with("done", 0, List.of()));
        LOG.infof("Rebuilt %s: %d events applied, %d could not be, now live", projection.name(), progress.get().applied(),
                progress.get().unapplied().size());
    }

    /**
     * A page in one transaction; if that fails, event by event, so an event the projection cannot apply (one the live
     * runner would park) is listed in the progress and the rebuild goes on.
     */
    private void applyPage(Projection projection, List<RecordedEvent> page) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                schemas.use(REBUILD_SCHEMA);
                page.forEach(projection::apply);
            });
            progress.set(progress.get().with(progress.get().state(), page.size(), List.of()));
            return;
        } catch (RuntimeException pageFailed) {
            LOG.debugf("A page of the rebuild of %s failed (%s); applying it event by event", projection.name(), pageFailed.getMessage());
        }
        for (RecordedEvent event : page) {
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    schemas.use(REBUILD_SCHEMA);
                    projection.apply(event);
                });
                progress.set(progress.get().with(progress.get().state(), 1, List.of()));
            } catch (RuntimeException failed) {
                String what = event.getStreamId() + "@" + event.getRevision() + ": " + failed.getMessage();
                LOG.warnf("Rebuild of %s could not apply %s", projection.name(), what);
                progress.set(progress.get().with(progress.get().state(), 0, List.of(what)));
            }
        }
    }

    /** Applies every matching event after {@code from} (all when null) to the rebuild schema; returns the last position read. */
    private Position catchUp(Projection projection, Pattern streams, Position from) throws ExecutionException, InterruptedException {
        Position position = from;
        while (true) {
            ReadAllOptions options = ReadAllOptions.get().forwards().maxCount(PAGE);
            options = position == null ? options.fromStart() : options.fromPosition(position);
            List<ResolvedEvent> page = client.readAll(options).get().getEvents();
            List<RecordedEvent> matching = new ArrayList<>();
            for (ResolvedEvent event : page) {
                RecordedEvent recorded = event.getOriginalEvent();
                if (position != null && recorded.getPosition().equals(position)) {
                    continue;
                }
                if (streams.matcher(recorded.getStreamId()).find()) {
                    matching.add(recorded);
                }
            }
            if (!matching.isEmpty()) {
                applyPage(projection, matching);
            }
            if (!page.isEmpty()) {
                position = page.getLast().getOriginalEvent().getPosition();
            }
            if (page.size() < PAGE) {
                return position;
            }
        }
    }
}
