package dev.orderlog.eventstore;

import io.kurrent.dbclient.AppendToStreamOptions;
import io.kurrent.dbclient.EventData;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.ReadStreamOptions;
import io.kurrent.dbclient.RecordedEvent;
import io.kurrent.dbclient.ResolvedEvent;
import io.kurrent.dbclient.StreamNotFoundException;
import io.kurrent.dbclient.StreamState;
import io.kurrent.dbclient.WriteResult;
import io.kurrent.dbclient.WrongExpectedVersionException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Load (snapshot + tail), decide, append with the loaded revision, and on a conflict load and decide again a bounded
 * number of times. With If-Match the caller's revision is used as is and a conflict is final. Written once for
 * every aggregate.
 */
public final class CommandPipeline<C, S, E> {
    private static final Logger LOG = Logger.getLogger(CommandPipeline.class);

    /** A state at a revision (-1: the stream does not exist) and the revision of the snapshot it started from. */
    public record Loaded<S>(S state, long revision, long snapshotRevision) {
    }

    /** What a command came to; {@code repeated} when an Idempotency-Key recognised it as a retry. */
    public record Outcome<S, E>(S state, long revision, List<E> events, boolean repeated) {
    }

    /** One recorded event with its metadata, as the audit trail shows it. */
    public record HistoryEntry<E>(long revision, String type, E event, EventMetadata metadata, Instant recordedAt) {
    }

    private final KurrentDBClient client;
    private final Decider<C, S, E> decider;
    private final EventCodec<E> codec;
    private final SnapshotStore<S> snapshots;
    private final CommandSettings settings;
    private final MeterRegistry metrics;
    private final String streamPrefix;

    public CommandPipeline(KurrentDBClient client, Decider<C, S, E> decider, EventCodec<E> codec, SnapshotStore<S> snapshots,
                           CommandSettings settings, MeterRegistry metrics, String streamPrefix) {
        this.client = client;
        this.decider = decider;
        this.codec = codec;
        this.snapshots = snapshots;
        this.settings = settings;
        this.metrics = metrics;
        this.streamPrefix = streamPrefix;
    }

    public String streamOf(String id) {
        return streamPrefix + id;
    }

    public Outcome<S, E> handle(String id, C command, CommandContext context, OptionalLong ifMatch) {
        String stream = streamOf(id);
        if (context.idempotencyKey().isPresent()) {
            Optional<Outcome<S, E>> earlier = earlierOutcome(stream, context);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        for (int attempt = 0; ; attempt++) {
            Loaded<S> loaded = load(stream);
            if (ifMatch.isPresent() && ifMatch.getAsLong() != loaded.revision()) {
                LOG.infof("Command on %s refused: If-Match %d, stream at revision %d [correlation %s]",
                        stream, ifMatch.getAsLong(), loaded.revision(), context.correlationId());
                throw conflict(stream, loaded.revision(), true);
            }
            List<E> events = decider.decide(command, loaded.state(), context.now());
            try {
                long revision = append(stream, loaded.revision(), events, context);
                S state = fold(loaded.state(), events);
                LOG.debugf("Appended %d event(s) to %s up to revision %d [correlation %s]", events.size(), stream, revision, context.correlationId());
                snapshots.takeIfDue(stream, state, revision, loaded.snapshotRevision());
                return new Outcome<>(state, revision, events, false);
            } catch (WrongExpectedVersionException moved) {
                metrics.counter("orderlog.commands.conflicts").increment();
                long current = moved.getActualState().toRawLong();
                if (ifMatch.isPresent() || attempt >= settings.maxRetries()) {
                    LOG.infof("Command on %s refused after %d attempt(s): stream at revision %d [correlation %s]",
                            stream, attempt + 1, current, context.correlationId());
                    throw conflict(stream, current, ifMatch.isPresent());
                }
                metrics.counter("orderlog.commands.retries").increment();
                backOff(attempt);
            }
        }
    }

    public Loaded<S> load(String stream) {
        Optional<SnapshotStore.Snapshot<S>> snapshot = snapshots.load(stream);
        S state = snapshot.map(SnapshotStore.Snapshot::state).orElseGet(decider::initial);
        long snapshotRevision = snapshot.map(SnapshotStore.Snapshot::sourceRevision).orElse(-1L);
        long revision = snapshotRevision;
        for (RecordedEvent recorded : readFrom(stream, snapshotRevision + 1)) {
            state = decider.evolve(state, codec.decode(recorded));
            revision = recorded.getRevision();
        }
        return new Loaded<>(state, revision, snapshotRevision);
    }

    /** The whole stream with metadata, each event as read today (old versions upcast). */
    public List<HistoryEntry<E>> history(String id) {
        return readFrom(streamOf(id), 0).stream()
                .map(recorded -> new HistoryEntry<>(recorded.getRevision(), recorded.getEventType(), codec.decode(recorded),
                        codec.metadataOf(recorded), recorded.getCreated()))
                .toList();
    }

    /** The state after the events that pass the test, replayed from the start; empty when the stream does not exist. */
    public Optional<Loaded<S>> replayWhile(String id, Predicate<RecordedEvent> include) {
        List<RecordedEvent> events = readFrom(streamOf(id), 0);
        if (events.isEmpty()) {
            return Optional.empty();
        }
        S state = decider.initial();
        long revision = -1;
        for (RecordedEvent recorded : events) {
            if (!include.test(recorded)) {
                break;
            }
            state = decider.evolve(state, codec.decode(recorded));
            revision = recorded.getRevision();
        }
        return Optional.of(new Loaded<>(state, revision, -1));
    }

    private long append(String stream, long loadedRevision, List<E> events, CommandContext context) throws WrongExpectedVersionException {
        List<EventData> data = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            data.add(codec.encode(events.get(i), eventId(stream, context, i), context));
        }
        StreamState expected = loadedRevision < 0 ? StreamState.noStream() : StreamState.streamRevision(loadedRevision);
        Timer.Sample timing = Timer.start(metrics);
        try {
            WriteResult written = client.appendToStream(stream, AppendToStreamOptions.get().streamState(expected), data.iterator()).get();
            return written.getNextExpectedRevision().toRawLong();
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof WrongExpectedVersionException conflict) {
                throw conflict;
            }
            throw new EventStoreUnavailable(stream, failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new EventStoreUnavailable(stream, interrupted);
        } finally {
            timing.stop(metrics.timer("orderlog.append.latency"));
        }
    }

    /**
     * With an Idempotency-Key, event ids are derived from it, so a retry that races the first attempt re-appends the
     * same ids at the same revision and KurrentDB answers it as already written.
     */
    private static UUID eventId(String stream, CommandContext context, int index) {
        return context.idempotencyKey()
                .map(key -> UUID.nameUUIDFromBytes((stream + '\n' + key + '\n' + index).getBytes(StandardCharsets.UTF_8)))
                .orElseGet(UUID::randomUUID);
    }

    private Optional<Outcome<S, E>> earlierOutcome(String stream, CommandContext context) {
        String key = context.idempotencyKey().orElseThrow();
        List<RecordedEvent> recent = readNewest(stream, settings.idempotencyWindow());
        for (RecordedEvent recorded : recent) {
            EventMetadata metadata = codec.metadataOf(recorded);
            if (key.equals(metadata.idempotencyKey())) {
                if (!context.requestHash().equals(metadata.requestHash())) {
                    throw new IdempotencyKeyReused(key);
                }
                long revision = recorded.getRevision();
                Loaded<S> then = replayWhile(stream.substring(streamPrefix.length()), event -> event.getRevision() <= revision).orElseThrow();
                return Optional.of(new Outcome<>(then.state(), revision, List.of(), true));
            }
        }
        return Optional.empty();
    }

    private List<RecordedEvent> readFrom(String stream, long revision) {
        return read(stream, ReadStreamOptions.get().forwards().fromRevision(revision));
    }

    private List<RecordedEvent> readNewest(String stream, int count) {
        return read(stream, ReadStreamOptions.get().backwards().fromEnd().maxCount(count));
    }

    private List<RecordedEvent> read(String stream, ReadStreamOptions options) {
        try {
            return client.readStream(stream, options).get().getEvents().stream().map(ResolvedEvent::getOriginalEvent).toList();
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof StreamNotFoundException) {
                return List.of();
            }
            throw new EventStoreUnavailable(stream, failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new EventStoreUnavailable(stream, interrupted);
        }
    }

    private S fold(S state, List<E> events) {
        S current = state;
        for (E event : events) {
            current = decider.evolve(current, event);
        }
        return current;
    }

    private static ConcurrencyConflict conflict(String stream, long current, boolean preconditionFailed) {
        return new ConcurrencyConflict(stream, current, preconditionFailed, preconditionFailed
                ? stream + " is at revision " + current + ", not the one given in If-Match"
                : stream + " kept changing; it is now at revision " + current + ". Reload and try again");
    }

    /** Random, growing pauses so racing commands stop colliding in lock step. */
    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L << Math.min(attempt, 4)));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
