package dev.orderlog.platform.command;

import dev.orderlog.platform.kurrentdb.EventStoreUnavailable;
import dev.orderlog.platform.kurrentdb.StreamCategory;
import dev.orderlog.platform.kurrentdb.StreamReads;
import dev.orderlog.platform.tracing.EventTracing;
import dev.orderlog.platform.tracing.TraceParent;
import io.kurrent.dbclient.AppendToStreamOptions;
import io.kurrent.dbclient.EventData;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.RecordedEvent;
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
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Load (snapshot + tail, or the state this instance last decided on), decide, append with the loaded revision, and on a
 * conflict load and decide again a bounded number of times. With If-Match the caller's revision is used as is and a
 * conflict is final. Commands on one stream take turns within the instance. Written once for every aggregate: ids in,
 * streams inside.
 */
public final class CommandPipeline<C, S, E> {
    private static final Logger LOG = Logger.getLogger(CommandPipeline.class);

    /** A state at a revision (-1: the stream does not exist) and the revision of the newest snapshot taken of it. */
    public record Loaded<S>(S state, long revision, long snapshotRevision) {}

    /** What a command came to; {@code repeated} when an Idempotency-Key recognised it as a retry. */
    public record Outcome<S, E>(S state, long revision, List<E> events, boolean repeated) {}

    /** One stored event with its metadata, as read today (old versions upcast). */
    /** {@code trace}: the span that appended it, when it was written with tracing on. */
    public record Recorded<E>(
            long revision,
            String type,
            E event,
            EventMetadata metadata,
            Instant recordedAt,
            Optional<TraceParent> trace) {}

    private final KurrentDBClient client;
    private final StreamReads reads;
    private final Decider<C, S, E> decider;
    private final EventCodec<E> codec;
    private final SnapshotStore<S> snapshots;
    private final CommandSettings settings;
    private final MeterRegistry metrics;
    private final EventTracing tracing;
    private final StreamCategory category;
    private final StreamLocks locks = new StreamLocks();
    private final RecentStates<S> recent;

    public CommandPipeline(
            KurrentDBClient client,
            Decider<C, S, E> decider,
            EventCodec<E> codec,
            SnapshotStore<S> snapshots,
            CommandSettings settings,
            MeterRegistry metrics,
            EventTracing tracing,
            StreamCategory category) {
        this.client = client;
        this.reads = new StreamReads(client);
        this.decider = decider;
        this.codec = codec;
        this.snapshots = snapshots;
        this.settings = settings;
        this.metrics = metrics;
        this.tracing = tracing;
        this.category = category;
        this.recent = new RecentStates<>(settings.cachedStreams());
    }

    public Outcome<S, E> handle(String id, C command, CommandContext context, ExpectedRevision expected) {
        return handle(id, command, context, expected, state -> {});
    }

    /**
     * As {@link #handle(String, Object, CommandContext, ExpectedRevision)}, with {@code access} shown the state before
     * anything else is decided: it throws when the caller may not act on it (nor learn its revision).
     */
    public Outcome<S, E> handle(
            String id, C command, CommandContext context, ExpectedRevision expected, Consumer<S> access) {
        String stream = category.streamOf(id);
        ReentrantLock turn = locks.of(stream);
        waitForTurn(stream, turn);
        try {
            return decideAndAppend(stream, command, context, expected, access);
        } finally {
            turn.unlock();
        }
    }

    /** A stalled KurrentDB must not hold every later command on the stream, and the threads they run on, forever. */
    private void waitForTurn(String stream, ReentrantLock turn) {
        try {
            if (!turn.tryLock(settings.turnTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new EventStoreUnavailable(
                        stream,
                        new TimeoutException(
                                "the commands ahead on this stream did not finish within " + settings.turnTimeout()));
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new EventStoreUnavailable(stream, interrupted);
        }
    }

    private Outcome<S, E> decideAndAppend(
            String stream, C command, CommandContext context, ExpectedRevision expected, Consumer<S> access) {
        for (int attempt = 0; ; attempt++) {
            // Checked on every attempt: a retry that lost the race to its own first attempt must find that attempt
            // here.
            if (context.idempotencyKey().isPresent()) {
                Optional<Outcome<S, E>> earlier = earlierOutcome(stream, context);
                if (earlier.isPresent()) {
                    return earlier.get();
                }
            }
            Optional<Loaded<S>> remembered = recent.get(stream).filter(state -> expected.admits(state.revision()));
            Loaded<S> loaded = remembered.orElseGet(() -> loadStream(stream));
            List<E> events;
            try {
                events = decide(stream, command, loaded, expected, context, access);
            } catch (RuleViolation refused) {
                // The same request may have been stored meanwhile (by another replica): then it is answered, not
                // refused.
                Optional<Outcome<S, E>> earlier =
                        context.idempotencyKey().isPresent() ? earlierOutcome(stream, context) : Optional.empty();
                if (earlier.isPresent()) {
                    return earlier.get();
                }
                if (remembered.isEmpty()) {
                    throw refused;
                }
                // Another replica may have moved the stream since: a refusal counts only when decided on what is
                // stored.
                loaded = loadStream(stream);
                recent.put(stream, loaded);
                events = decide(stream, command, loaded, expected, context, access);
            }
            try {
                long revision = append(stream, loaded.revision(), events, context);
                Outcome<S, E> outcome = context.idempotencyKey().isPresent()
                        ? storedOutcome(stream, loaded, revision, context)
                        : new Outcome<>(fold(loaded.state(), events), revision, events, false);
                LOG.debugf(
                        "Appended %d event(s) to %s up to revision %d [correlation %s]",
                        events.size(), stream, revision, context.correlationId());
                long snapshotRevision =
                        snapshots.takeIfDue(stream, outcome.state(), revision, loaded.snapshotRevision());
                recent.put(stream, new Loaded<>(outcome.state(), revision, snapshotRevision));
                return outcome;
            } catch (WrongExpectedVersionException moved) {
                recent.forget(stream);
                metrics.counter("orderlog.commands.conflicts").increment();
                long current = moved.getActualState().toRawLong();
                if (expected.named() || attempt >= settings.maxRetries()) {
                    LOG.infof(
                            "Command on %s refused after %d attempt(s): stream at revision %d [correlation %s]",
                            stream, attempt + 1, current, context.correlationId());
                    throw conflict(stream, current, expected);
                }
                metrics.counter("orderlog.commands.retries").increment();
                backOff(attempt);
            }
        }
    }

    private List<E> decide(
            String stream,
            C command,
            Loaded<S> loaded,
            ExpectedRevision expected,
            CommandContext context,
            Consumer<S> access) {
        access.accept(loaded.state());
        if (!expected.admits(loaded.revision())) {
            LOG.infof(
                    "Command on %s refused: expected %s, stream at revision %d [correlation %s]",
                    stream, expected, loaded.revision(), context.correlationId());
            throw conflict(stream, loaded.revision(), expected);
        }
        return decider.decide(command, loaded.state(), context.now());
    }

    /** The state now, read from KurrentDB (never from memory): newest snapshot plus the events after it. */
    public Loaded<S> load(String id) {
        return loadStream(category.streamOf(id));
    }

    private Loaded<S> loadStream(String stream) {
        Optional<SnapshotStore.Snapshot<S>> snapshot = snapshots.load(stream);
        S state = snapshot.map(SnapshotStore.Snapshot::state).orElseGet(decider::initial);
        long snapshotRevision =
                snapshot.map(SnapshotStore.Snapshot::sourceRevision).orElse(-1L);
        List<RecordedEvent> tail = reads.from(stream, snapshotRevision + 1);
        long revision = tail.isEmpty() ? snapshotRevision : tail.getLast().getRevision();
        return new Loaded<>(fold(state, decoded(tail)), revision, snapshotRevision);
    }

    /** The whole stream with metadata, each event as read today (old versions upcast). */
    public List<Recorded<E>> history(String id) {
        return reads.from(category.streamOf(id), 0).stream()
                .map(this::recordedOf)
                .toList();
    }

    /** The stream's first event, if it has one. */
    public Optional<Recorded<E>> first(String id) {
        return reads.range(category.streamOf(id), 0, 1).stream().findFirst().map(this::recordedOf);
    }

    private Recorded<E> recordedOf(RecordedEvent recorded) {
        return new Recorded<>(
                recorded.getRevision(),
                recorded.getEventType(),
                codec.decode(recorded),
                codec.metadataOf(recorded),
                recorded.getCreated(),
                TraceParent.of(recorded));
    }

    /** The trace the stream's newest event was written in, for work that arrives later from outside and belongs to it. */
    public Optional<TraceParent> lastTrace(String id) {
        return reads.newest(category.streamOf(id), 1).stream().findFirst().flatMap(TraceParent::of);
    }

    /** The state after the leading events that pass the test, replayed from the start; empty when the stream does not exist. */
    public Optional<Loaded<S>> replayWhile(String id, Predicate<RecordedEvent> include) {
        return replayWhileIn(category.streamOf(id), include);
    }

    private Optional<Loaded<S>> replayWhileIn(String stream, Predicate<RecordedEvent> include) {
        List<RecordedEvent> events = reads.from(stream, 0);
        if (events.isEmpty()) {
            return Optional.empty();
        }
        List<RecordedEvent> included = events.stream().takeWhile(include).toList();
        long revision = included.isEmpty() ? -1 : included.getLast().getRevision();
        return Optional.of(new Loaded<>(fold(decider.initial(), decoded(included)), revision, -1));
    }

    private long append(String stream, long loadedRevision, List<E> events, CommandContext context)
            throws WrongExpectedVersionException {
        return tracing.append(stream, () -> appendTraced(stream, loadedRevision, events, context));
    }

    private long appendTraced(String stream, long loadedRevision, List<E> events, CommandContext context)
            throws WrongExpectedVersionException {
        List<EventData> data = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            data.add(codec.encode(events.get(i), eventId(stream, context, i), context));
        }
        StreamState expected = loadedRevision < 0 ? StreamState.noStream() : StreamState.streamRevision(loadedRevision);
        Timer.Sample timing = Timer.start(metrics);
        try {
            WriteResult written = client.appendToStream(
                            stream, AppendToStreamOptions.get().streamState(expected), data.iterator())
                    .get(StreamReads.CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return written.getNextExpectedRevision().toRawLong();
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof WrongExpectedVersionException conflict) {
                throw conflict;
            }
            throw new EventStoreUnavailable(stream, failed.getCause());
        } catch (TimeoutException unknownOutcome) {
            // It may yet be written: the next command on the stream finds out through its expected revision.
            recent.forget(stream);
            throw new EventStoreUnavailable(stream, unknownOutcome);
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
                .map(key ->
                        UUID.nameUUIDFromBytes((stream + '\n' + key + '\n' + index).getBytes(StandardCharsets.UTF_8)))
                .orElseGet(UUID::randomUUID);
    }

    /**
     * A keyed append may have been answered "already written" for events another request under the same key stored
     * (same ids, same revision). What counts is what is stored: read it back, refuse it if it came from a different
     * request body, and answer with the stored state, never with one decided here but not written.
     */
    private Outcome<S, E> storedOutcome(String stream, Loaded<S> loaded, long revision, CommandContext context) {
        if (revision == loaded.revision()) {
            // Nothing to write (the command was already in effect), and the expected revision held: nothing to read
            // back.
            return new Outcome<>(loaded.state(), revision, List.of(), false);
        }
        List<RecordedEvent> stored = reads.range(stream, loaded.revision() + 1, (int) (revision - loaded.revision()));
        EventMetadata first = codec.metadataOf(stored.getFirst());
        CommandContext.IdempotencyGuard guard = context.guard().orElseThrow();
        if (!guard.fingerprint().equals(first.requestHash())) {
            throw new IdempotencyKeyReused(guard.key());
        }
        List<E> events = decoded(stored);
        boolean ours = context.causationId().equals(first.causationId());
        return new Outcome<>(fold(loaded.state(), events), revision, ours ? events : List.of(), !ours);
    }

    private Optional<Outcome<S, E>> earlierOutcome(String stream, CommandContext context) {
        CommandContext.IdempotencyGuard guard = context.guard().orElseThrow();
        for (RecordedEvent recorded : reads.newest(stream, settings.idempotencyWindow())) {
            EventMetadata metadata = codec.metadataOf(recorded);
            if (guard.key().equals(metadata.idempotencyKey())) {
                if (!guard.fingerprint().equals(metadata.requestHash())) {
                    throw new IdempotencyKeyReused(guard.key());
                }
                long revision = recorded.getRevision();
                Loaded<S> then = replayWhileIn(stream, event -> event.getRevision() <= revision)
                        .orElseThrow();
                return Optional.of(new Outcome<>(then.state(), revision, List.of(), true));
            }
        }
        return Optional.empty();
    }

    private List<E> decoded(List<RecordedEvent> recorded) {
        return recorded.stream().map(codec::decode).toList();
    }

    private S fold(S state, List<E> events) {
        return decider.evolveAll(state, events);
    }

    private static ConcurrencyConflict conflict(String stream, long current, ExpectedRevision expected) {
        return new ConcurrencyConflict(
                stream,
                current,
                expected,
                expected.named()
                        ? stream + " is at revision " + current + ", not the expected " + expected
                        : stream + " kept changing; it is now at revision " + current + ". Reload and try again");
    }

    /** Random, growing pauses so racing replicas stop colliding in lock step. */
    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L << Math.min(attempt, 4)));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
