package dev.orderlog.devservices.kurrentdb.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The transaction log, in memory and, when given a directory, on disk too ({@link LogFile}): one ordered log ({@code $all}) and an index of it per stream.
 * Writes are serialized by one lock and published atomically; reads take no lock.
 * The write rules follow the server's IndexWriter.CheckCommit (KurrentDB, Services/Storage/ReaderIndex).
 */
public final class EventLog {
    public static final String TOMBSTONE_TYPE = "$streamDeleted";
    public static final String METADATA_TYPE = "$metadata";
    static final long TOMBSTONE_REVISION = Long.MAX_VALUE;
    /** Bytes a record costs besides its payload, so positions advance like log offsets do. */
    private static final long RECORD_OVERHEAD = 96;

    private final ReentrantLock writeLock = new ReentrantLock();
    private final AppendOnlyList<StoredEvent> all = new AppendOnlyList<>();
    private final Map<String, StoredStream> streams = new ConcurrentHashMap<>();
    private final Map<UUID, StoredEvent> committedById = new HashMap<>();
    private final List<Runnable> appendListeners = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private long nextPosition = 0;
    /** Null for a log kept in memory only. */
    private LogFile file;
    /** Where the file ends after the last write: what the append in hand waits to be durable. */
    private long fileEnd;

    public EventLog(Clock clock) {
        this.clock = clock;
    }

    /** A log kept in {@code directory}: what is there is read back first (a torn last record is cut off). */
    public static EventLog open(Clock clock, Path directory, FsyncPolicy fsync) throws IOException {
        EventLog log = new EventLog(clock);
        List<StoredEvent> recovered = new ArrayList<>();
        log.file = LogFile.open(directory, fsync, recovered);
        log.restore(recovered);
        return log;
    }

    private void restore(List<StoredEvent> recovered) {
        apply(recovered);
        if (!recovered.isEmpty()) {
            StoredEvent last = recovered.getLast();
            nextPosition = last.position()
                    + RECORD_OVERHEAD
                    + last.stream().length()
                    + last.type().length()
                    + last.data().length
                    + last.metadata().length;
        }
    }

    public boolean isEmpty() {
        return all.size() == 0;
    }

    /** Waits, outside the write lock, until what an append wrote is on disk. */
    private void awaitDurable(long end) {
        if (file != null) {
            file.awaitDurable(end);
        }
    }

    private long persist(List<StoredEvent> records) {
        if (file != null) {
            fileEnd = file.write(records);
        }
        return fileEnd;
    }

    public void closeFile() throws IOException {
        if (file != null) {
            file.close();
        }
    }

    public WriteOutcome append(String stream, long expected, List<ProposedEvent> events) {
        long durable = 0;
        writeLock.lock();
        try {
            StoredStream state = streams.computeIfAbsent(stream, StoredStream::new);
            WriteOutcome outcome = checkAppend(state, expected, events);
            if (outcome != null) {
                // A repeat is answered once the append it repeats is on disk too.
                durable = fileEnd;
                return outcome;
            }
            long current = state.lastRevision();
            List<StoredEvent> transaction = new ArrayList<>();
            reviveIfSoftDeleted(state, transaction);
            for (ProposedEvent event : events) {
                stage(transaction, state, event);
            }
            commit(transaction);
            durable = fileEnd;
            if (events.isEmpty()) {
                return new WriteOutcome.Written(current, -1);
            }
            StoredEvent last = transaction.getLast();
            return new WriteOutcome.Written(last.revision(), last.position());
        } finally {
            writeLock.unlock();
            awaitDurable(durable);
            notifyAppended();
        }
    }

    /** One stream's part of a multi-stream append. */
    public record StreamAppend(String stream, long expected, List<ProposedEvent> events) {}

    /**
     * Appends to several streams as one transaction: every stream is checked first, and the first that refuses
     * (wrong expected revision, deleted) refuses the whole; nothing is written then. One outcome per stream, in order.
     * A stream whose events are recognised as already written (an idempotent repeat) is answered as written.
     */
    public MultiOutcome appendAll(List<StreamAppend> appends) {
        long durable = 0;
        writeLock.lock();
        try {
            List<WriteOutcome> checked = new ArrayList<>();
            for (int i = 0; i < appends.size(); i++) {
                StreamAppend append = appends.get(i);
                WriteOutcome outcome = checkAppend(
                        streams.computeIfAbsent(append.stream(), StoredStream::new),
                        append.expected(),
                        append.events());
                if (outcome instanceof WriteOutcome.WrongExpectedVersion
                        || outcome instanceof WriteOutcome.StreamDeleted) {
                    return new MultiOutcome.Refused(i, outcome);
                }
                checked.add(outcome);
            }
            List<WriteOutcome.Written> written = new ArrayList<>();
            List<StoredEvent> transaction = new ArrayList<>();
            for (int i = 0; i < appends.size(); i++) {
                if (checked.get(i) instanceof WriteOutcome.Written repeat) {
                    written.add(repeat);
                    continue;
                }
                StoredStream state = streams.get(appends.get(i).stream());
                reviveIfSoftDeleted(state, transaction);
                StoredEvent last = null;
                for (ProposedEvent event : appends.get(i).events()) {
                    last = stage(transaction, state, event);
                }
                written.add(new WriteOutcome.Written(last.revision(), last.position()));
            }
            // Every stream's records go to disk as one transaction, and become visible together.
            commit(transaction);
            durable = fileEnd;
            return new MultiOutcome.Written(written);
        } finally {
            writeLock.unlock();
            awaitDurable(durable);
            notifyAppended();
        }
    }

    /** What a multi-stream append came to. */
    public sealed interface MultiOutcome {
        record Written(List<WriteOutcome.Written> streams) implements MultiOutcome {}

        /** The stream at {@code index} refused, so none was written. */
        record Refused(int index, WriteOutcome reason) implements MultiOutcome {}
    }

    /** One record of an interleaved append, and the stream it goes to. */
    public record StreamRecord(String stream, ProposedEvent event) {}

    /** A check of a stream's state, written to or not: a revision, or one of {@link StreamState}'s numbers. */
    public record StateCheck(String stream, long expectedState) {}

    /**
     * A stream's state as appendRecords states it: its revision (0 or more), or {@link #NOT_FOUND}, {@link #DELETED}
     * (soft-deleted) or {@link #TOMBSTONED}; as expected, also {@link ExpectedVersion#ANY} and
     * {@link ExpectedVersion#STREAM_EXISTS} (KurrentDB.Api.V2, StreamCondition).
     */
    public static final class StreamState {
        public static final long NOT_FOUND = -1;
        public static final long DELETED = -10;
        public static final long TOMBSTONED = -100;

        private StreamState() {}
    }

    /** What an interleaved append came to. */
    public sealed interface RecordsOutcome {
        /** Each written stream's last revision, in the order the streams first appear, and the commit position. */
        record Written(List<StreamRevision> revisions, long position) implements RecordsOutcome {}

        /** Every check that failed; nothing was written. */
        record Violated(List<Violation> violations) implements RecordsOutcome {}
    }

    public record StreamRevision(String stream, long revision) {}

    /** {@code slot}: the index of the check, or, for a stream written without one, of its place after the checks. */
    public record Violation(int slot, String stream, long expectedState, long actualState) {}

    /**
     * Records for several streams, interleaved, as one transaction in the order given (KurrentDB 26.1 appendRecords):
     * every check holds and every written stream can take its records, or nothing is written. Checked streams come
     * first, then the other written streams in order of first appearance, each expecting any state; a check on a stream
     * not written only checks it.
     */
    public RecordsOutcome appendRecords(List<StateCheck> checks, List<StreamRecord> records) {
        long durable = 0;
        writeLock.lock();
        try {
            Map<String, Long> slots = new LinkedHashMap<>();
            checks.forEach(check -> slots.put(check.stream(), check.expectedState()));
            records.forEach(record -> slots.putIfAbsent(record.stream(), ExpectedVersion.ANY));
            List<Violation> violations = new ArrayList<>();
            int slot = 0;
            for (Map.Entry<String, Long> expected : slots.entrySet()) {
                long actual = stateOf(expected.getKey(), expected.getValue());
                if (!holds(expected.getValue(), actual)) {
                    violations.add(new Violation(slot, expected.getKey(), expected.getValue(), actual));
                }
                slot++;
            }
            if (!violations.isEmpty()) {
                return new RecordsOutcome.Violated(violations);
            }
            List<StoredEvent> transaction = new ArrayList<>();
            Map<String, Long> lastRevisions = new LinkedHashMap<>();
            for (StreamRecord record : records) {
                StoredStream state = streams.computeIfAbsent(record.stream(), StoredStream::new);
                if (!lastRevisions.containsKey(record.stream())) {
                    reviveIfSoftDeleted(state, transaction);
                }
                lastRevisions.put(
                        record.stream(),
                        stage(transaction, state, record.event()).revision());
            }
            commit(transaction);
            durable = fileEnd;
            return new RecordsOutcome.Written(
                    lastRevisions.entrySet().stream()
                            .map(last -> new StreamRevision(last.getKey(), last.getValue()))
                            .toList(),
                    transaction.getLast().position());
        } finally {
            writeLock.unlock();
            awaitDurable(durable);
            notifyAppended();
        }
    }

    /**
     * The state a check compares with: a soft-deleted stream is {@link StreamState#DELETED}, except to a check of a
     * revision, which compares with its last revision, as the server's does.
     */
    private long stateOf(String stream, long expected) {
        StoredStream state = streams.get(stream);
        if (state == null) {
            return StreamState.NOT_FOUND;
        }
        if (state.tombstoned) {
            return StreamState.TOMBSTONED;
        }
        if (!state.isMetadataStream() && state.metadata.softDeleted() && expected < 0) {
            return StreamState.DELETED;
        }
        return state.lastRevision() < 0 ? StreamState.NOT_FOUND : state.lastRevision();
    }

    /** A tombstoned stream is only ever expected tombstoned; a soft-deleted one may be expected to have none. */
    private static boolean holds(long expected, long actual) {
        if (actual == StreamState.TOMBSTONED) {
            return expected == StreamState.TOMBSTONED;
        }
        if (expected == ExpectedVersion.ANY) {
            return true;
        }
        if (expected == ExpectedVersion.NO_STREAM) {
            return actual == StreamState.NOT_FOUND || actual == StreamState.DELETED;
        }
        if (expected == ExpectedVersion.STREAM_EXISTS) {
            return actual >= 0;
        }
        return expected == actual;
    }

    /** Appending to a soft-deleted stream revives it: the old events stay hidden behind $tb. */
    private void reviveIfSoftDeleted(StoredStream state, List<StoredEvent> transaction) {
        if (!state.isMetadataStream() && state.metadata.softDeleted()) {
            StoredStream metadataStream =
                    streams.computeIfAbsent(StoredStream.metadataStreamOf(state.name), StoredStream::new);
            byte[] revived = StreamLimits.withTruncateBefore(state.rawMetadata, state.lastRevision() + 1);
            stage(
                    transaction,
                    metadataStream,
                    new ProposedEvent(UUID.randomUUID(), METADATA_TYPE, true, revived, new byte[0]));
        }
    }

    /**
     * What KurrentDB deletes though it has no event: a tombstone of a stream never written, expected to have none or
     * any; a soft delete, expected to have none, of a stream that has only metadata.
     */
    private boolean deletesWithoutEvents(String stream, long expected, Deletion deletion) {
        if (deletion == Deletion.TOMBSTONE) {
            return expected == ExpectedVersion.NO_STREAM || expected == ExpectedVersion.ANY;
        }
        StoredStream metadata = streams.get(StoredStream.metadataStreamOf(stream));
        return expected == ExpectedVersion.NO_STREAM && metadata != null && metadata.lastRevision() >= 0;
    }

    /** How a stream is deleted: softly (it may be written again) or for good. */
    public enum Deletion {
        SOFT,
        TOMBSTONE
    }

    public WriteOutcome delete(String stream, long expected, Deletion deletion) {
        long durable = 0;
        writeLock.lock();
        try {
            StoredStream state = streams.computeIfAbsent(stream, StoredStream::new);
            if (state.tombstoned) {
                return new WriteOutcome.StreamDeleted();
            }
            long current = state.lastRevision();
            if (current < 0 && !deletesWithoutEvents(stream, expected, deletion)) {
                // Otherwise the server answers a delete of a stream with no event with wrong expected version.
                return new WriteOutcome.WrongExpectedVersion(current);
            }
            WriteOutcome refused = checkAppend(
                    state,
                    expected,
                    List.of(new ProposedEvent(UUID.randomUUID(), "", false, new byte[0], new byte[0])));
            if (refused != null) {
                return refused;
            }
            List<StoredEvent> transaction = new ArrayList<>();
            StoredEvent written;
            if (deletion == Deletion.TOMBSTONE) {
                written = record(
                        UUID.randomUUID(), stream, TOMBSTONE_REVISION, TOMBSTONE_TYPE, false, new byte[0], new byte[0]);
                transaction.add(written);
            } else {
                StoredStream metadataStream =
                        streams.computeIfAbsent(StoredStream.metadataStreamOf(stream), StoredStream::new);
                byte[] deleted = ("{\"" + StreamLimits.TRUNCATE_BEFORE + "\":" + StreamLimits.DELETED_STREAM + "}")
                        .getBytes(StandardCharsets.UTF_8);
                written = stage(
                        transaction,
                        metadataStream,
                        new ProposedEvent(UUID.randomUUID(), METADATA_TYPE, true, deleted, new byte[0]));
            }
            commit(transaction);
            durable = fileEnd;
            return new WriteOutcome.Written(current, written.position());
        } finally {
            writeLock.unlock();
            awaitDurable(durable);
            notifyAppended();
        }
    }

    /** Null when the events may be written; otherwise the answer without writing. */
    private WriteOutcome checkAppend(StoredStream state, long expected, List<ProposedEvent> events) {
        if (state.tombstoned) {
            return new WriteOutcome.StreamDeleted();
        }
        long current = state.lastRevision();
        boolean softDeleted = !state.isMetadataStream() && state.metadata.softDeleted();
        if (expected == ExpectedVersion.STREAM_EXISTS) {
            if (softDeleted) {
                return new WriteOutcome.StreamDeleted();
            }
            StoredStream metadataStream = streams.get(StoredStream.metadataStreamOf(state.name));
            if (current < 0 && (metadataStream == null || metadataStream.lastRevision() < 0)) {
                return new WriteOutcome.WrongExpectedVersion(current);
            }
        }
        if (expected == ExpectedVersion.ANY || expected == ExpectedVersion.STREAM_EXISTS) {
            return checkIdempotentByIds(state, events);
        }
        if (expected < current) {
            return checkIdempotentAtRevision(state, expected, events, softDeleted);
        }
        if (expected > current) {
            return new WriteOutcome.WrongExpectedVersion(current);
        }
        return null;
    }

    private WriteOutcome checkIdempotentByIds(StoredStream state, List<ProposedEvent> events) {
        StoredEvent last = null;
        for (ProposedEvent event : events) {
            StoredEvent committed = committedById.get(event.id());
            if (committed == null || !committed.stream().equals(state.name)) {
                // Only a repeat of the whole append is idempotent; a partial match is a conflict.
                return last == null ? null : new WriteOutcome.WrongExpectedVersion(state.lastRevision());
            }
            last = committed;
        }
        return last == null ? null : new WriteOutcome.Written(last.revision(), last.position());
    }

    private WriteOutcome checkIdempotentAtRevision(
            StoredStream state, long expected, List<ProposedEvent> events, boolean softDeleted) {
        long current = state.lastRevision();
        long revision = expected;
        for (ProposedEvent event : events) {
            revision++;
            if (revision <= current && state.events.get((int) revision).id().equals(event.id())) {
                continue;
            }
            boolean first = revision == expected + 1;
            if (first && expected == ExpectedVersion.NO_STREAM && softDeleted) {
                return null;
            }
            return new WriteOutcome.WrongExpectedVersion(current);
        }
        if (revision == expected) {
            return new WriteOutcome.WrongExpectedVersion(current);
        }
        return new WriteOutcome.Written(
                revision, state.events.get((int) revision).position());
    }

    /** Gives the event its revision (after the stream's and those already in the transaction) and position; nothing is visible yet. */
    private StoredEvent stage(List<StoredEvent> transaction, StoredStream state, ProposedEvent event) {
        StoredEvent previous = transaction.isEmpty() ? null : transaction.getLast();
        // A stream's records are staged one after another, so the previous one usually tells the next revision.
        long revision = previous != null && previous.stream().equals(state.name)
                ? previous.revision() + 1
                : state.lastRevision()
                        + 1
                        + transaction.stream()
                                .filter(staged -> staged.stream().equals(state.name))
                                .count();
        StoredEvent record =
                record(event.id(), state.name, revision, event.type(), event.json(), event.data(), event.metadata());
        transaction.add(record);
        return record;
    }

    /**
     * Takes the transaction: on disk first, whole, when the log has a file (on failure nothing of it is taken and the
     * positions it was given are handed out again), then in memory, where readers see all of it at once.
     */
    private void commit(List<StoredEvent> transaction) {
        if (transaction.isEmpty()) {
            return;
        }
        try {
            persist(transaction);
        } catch (RuntimeException failed) {
            nextPosition = transaction.getFirst().position();
            throw failed;
        }
        apply(transaction);
    }

    private void apply(List<StoredEvent> records) {
        Set<StoredStream> touched = new LinkedHashSet<>();
        for (StoredEvent record : records) {
            StoredStream state = streams.computeIfAbsent(record.stream(), StoredStream::new);
            all.add(record);
            if (TOMBSTONE_TYPE.equals(record.type()) && record.revision() == TOMBSTONE_REVISION) {
                state.tombstoned = true;
                continue;
            }
            state.events.add(record);
            committedById.put(record.id(), record);
            touched.add(state);
        }
        for (StoredStream state : touched) {
            state.events.publish();
        }
        all.publish();
        for (StoredEvent record : records) {
            describe(streams.get(record.stream()), record);
        }
    }

    /** A metadata stream's newest record is its stream's metadata. */
    private void describe(StoredStream state, StoredEvent record) {
        if (state.isMetadataStream()) {
            StoredStream described = streams.computeIfAbsent(
                    state.name.substring(StoredStream.METADATA_PREFIX.length()), StoredStream::new);
            described.rawMetadata = record.data();
            described.metadata = StreamLimits.parse(record.data());
        }
    }

    private StoredEvent record(
            UUID id, String stream, long revision, String type, boolean json, byte[] data, byte[] metadata) {
        long position = nextPosition;
        nextPosition += RECORD_OVERHEAD + stream.length() + type.length() + data.length + metadata.length;
        return new StoredEvent(
                id, stream, revision, position, type, json, ticksSinceEpoch(clock.instant()), data, metadata);
    }

    private static long ticksSinceEpoch(Instant instant) {
        return instant.getEpochSecond() * 10_000_000L + instant.getNano() / 100;
    }

    private void notifyAppended() {
        for (Runnable listener : appendListeners) {
            listener.run();
        }
    }

    public void addAppendListener(Runnable listener) {
        appendListeners.add(listener);
    }

    public void removeAppendListener(Runnable listener) {
        appendListeners.remove(listener);
    }

    public int appendListenerCount() {
        return appendListeners.size();
    }

    /** The names of every stream written so far, metadata streams among them. */
    public Set<String> streamNames() {
        return Collections.unmodifiableSet(streams.keySet());
    }

    public StoredStream stream(String name) {
        return streams.get(name);
    }

    public AppendOnlyList<StoredEvent> all() {
        return all;
    }

    public Instant now() {
        return clock.instant();
    }

    /** Index of the first record at or after {@code position} in {@code $all}; the size when there is none. */
    public int indexAtOrAfter(long position) {
        int low = 0;
        int high = all.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (all.get(mid).position() < position) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
