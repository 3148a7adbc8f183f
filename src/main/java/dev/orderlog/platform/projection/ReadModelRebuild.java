package dev.orderlog.platform.projection;

import dev.orderlog.platform.subscription.SubscriptionConsumer;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.Position;
import io.kurrent.dbclient.ReadAllOptions;
import io.kurrent.dbclient.RecordedEvent;
import io.kurrent.dbclient.ResolvedEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Rebuilds one read model from the start of the log into a fresh copy of its schema while queries go on against the
 * live one, then, with its live consumer paused for a moment, applies the last events and swaps the two schemas in one
 * transaction. Other read models are not touched.
 */
@ApplicationScoped
public class ReadModelRebuild {
    private static final int PAGE = 1_000;
    private static final Logger LOG = Logger.getLogger(ReadModelRebuild.class);

    private final KurrentDBClient client;
    private final Schemas schemas;
    private final ProjectionRunner runner;
    private final Map<String, RebuildProgress> progress = new ConcurrentHashMap<>();

    public ReadModelRebuild(KurrentDBClient client, Schemas schemas, ProjectionRunner runner) {
        this.client = client;
        this.schemas = schemas;
        this.runner = runner;
    }

    public Optional<RebuildProgress> progress(String projection) {
        return Optional.ofNullable(progress.get(projection));
    }

    /** Starts a rebuild in the background; false when one of this projection is already running. */
    public boolean start(Projection projection) {
        RebuildProgress started = RebuildProgress.started(projection.name());
        RebuildProgress before = progress.compute(projection.name(), (name, current) -> current != null && current.running() ? current : started);
        if (before != started) {
            return false;
        }
        Thread.ofPlatform().name("rebuild-" + projection.name()).daemon().start(() -> {
            try {
                rebuild(projection);
            } catch (Exception failed) {
                LOG.errorf(failed, "Rebuild of %s failed; the live read model is untouched", projection.name());
                progress.computeIfPresent(projection.name(), (name, current) -> current.failed(String.valueOf(failed.getMessage())));
            }
        });
        return true;
    }

    private void rebuild(Projection projection) throws ExecutionException, InterruptedException {
        ReadModelTables tables = projection.tables();
        LOG.infof("Rebuilding %s from the start of the log into schema %s", projection.name(), tables.rebuildSchema());
        QuarkusTransaction.requiringNew().run(() -> {
            schemas.drop(tables.rebuildSchema());
            schemas.create(tables, tables.rebuildSchema());
        });
        Pattern streams = Pattern.compile(projection.streamRegex());
        Position position = catchUp(projection, streams, null);
        Optional<SubscriptionConsumer> live = runner.consumer(projection.name());
        live.ifPresent(SubscriptionConsumer::pause);
        try {
            catchUp(projection, streams, position);
            QuarkusTransaction.requiringNew().run(() -> {
                schemas.rename(tables.schema(), tables.retiredSchema());
                schemas.rename(tables.rebuildSchema(), tables.schema());
                schemas.drop(tables.retiredSchema());
            });
        } finally {
            live.ifPresent(SubscriptionConsumer::resume);
        }
        RebuildProgress finished = progress.computeIfPresent(projection.name(), (name, current) -> current.done());
        LOG.infof("Rebuilt %s: %d events applied, %d could not be, now live", projection.name(), finished.applied(), finished.unapplied().size());
    }

    /**
     * A page in one transaction; if that fails, event by event, so an event the projection cannot apply (one the live
     * consumer would park) is listed in the progress and the rebuild goes on.
     */
    private void applyPage(Projection projection, List<RecordedEvent> page) {
        String schema = projection.tables().rebuildSchema();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                schemas.use(schema);
                page.forEach(projection::apply);
            });
            progress.computeIfPresent(projection.name(), (name, current) -> current.applied(page.size()));
            return;
        } catch (RuntimeException pageFailed) {
            LOG.debugf("A page of the rebuild of %s failed (%s); applying it event by event", projection.name(), pageFailed.getMessage());
        }
        for (RecordedEvent event : page) {
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    schemas.use(schema);
                    projection.apply(event);
                });
                progress.computeIfPresent(projection.name(), (name, current) -> current.applied(1));
            } catch (RuntimeException failed) {
                String what = event.getStreamId() + "@" + event.getRevision() + ": " + failed.getMessage();
                LOG.warnf("Rebuild of %s could not apply %s", projection.name(), what);
                progress.computeIfPresent(projection.name(), (name, current) -> current.unapplied(what));
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
