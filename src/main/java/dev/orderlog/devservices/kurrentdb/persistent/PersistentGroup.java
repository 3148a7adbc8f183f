package dev.orderlog.devservices.kurrentdb.persistent;

import dev.orderlog.devservices.kurrentdb.log.AppendOnlyList;
import dev.orderlog.devservices.kurrentdb.log.CoalescedRuns;
import dev.orderlog.devservices.kurrentdb.log.EventFilter;
import dev.orderlog.devservices.kurrentdb.log.EventLog;
import dev.orderlog.devservices.kurrentdb.log.ExpectedVersion;
import dev.orderlog.devservices.kurrentdb.log.LinkResolution;
import dev.orderlog.devservices.kurrentdb.log.ProposedEvent;
import dev.orderlog.devservices.kurrentdb.log.StoredEvent;
import dev.orderlog.devservices.kurrentdb.log.StoredStream;
import dev.orderlog.devservices.kurrentdb.log.StreamView;
import dev.orderlog.devservices.kurrentdb.log.SystemStreams;
import dev.orderlog.devservices.kurrentdb.log.WriteOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/**
 * One persistent subscription group: reads its source, hands messages to consumers by the group's strategy, retries
 * what is nacked or times out, parks what exhausts its retries, and checkpoints the position before the oldest
 * unfinished message (KurrentDB, Services/PersistentSubscription/PersistentSubscription.cs).
 */
public final class PersistentGroup {
    private static final Pattern CORRELATION_ID = Pattern.compile("\"\\$correlationId\"\\s*:\\s*\"([^\"]*)\"");

    /**
     * A message of the group: a source event (with the link it was resolved from, when the group resolves links), or a
     * replayed parked one (then {@code link} is its parked record). Acks name the link when there is one, as the
     * server's acks name the original event.
     */
    private record Message(
            StoredEvent event,
            StoredEvent link,
            boolean parkedReplay,
            long sequence,
            long previousPosition,
            int retryCount) {
        UUID ackId() {
            return link != null ? link.id() : event.id();
        }

        Message retried() {
            return new Message(event, link, parkedReplay, sequence, previousPosition, retryCount + 1);
        }
    }

    private record InFlight(Message message, PersistentConsumer consumer, long expiresAtNanos) {}

    /** An ack ({@code nack} null) or a nack from a consumer, waiting for the pusher. */
    private record Settlement(PersistentConsumer consumer, List<UUID> ids, NackHandling nack, String reason) {}

    private enum Offer {
        SENT,
        SKIPPED,
        NO_CAPACITY
    }

    public final GroupDefinition definition;
    private final EventLog log;
    private final EventFilter filter;
    private final Object lock = new Object();
    private final CoalescedRuns pushes;
    private final Queue<Settlement> settlements = new ConcurrentLinkedQueue<>();
    private final List<PersistentConsumer> consumers = new ArrayList<>();
    private final Map<UUID, InFlight> outstanding = new LinkedHashMap<>();
    /** The source messages among {@link #outstanding} by sequence, so the checkpoint finds the oldest without a scan. */
    private final TreeMap<Long, Message> outstandingBySequence = new TreeMap<>();

    private final TreeMap<Long, Message> retries = new TreeMap<>();
    private final ArrayDeque<Message> replays = new ArrayDeque<>();
    private final PinnedBuckets pinned = new PinnedBuckets();
    private final long createdNanos = System.nanoTime();
    private final Runnable onAppend = this::schedulePush;
    private long nextSource;
    private long nextSequence;
    private long lastKnownSequence = -1;
    private long lastKnownPosition = -1;
    private long lastCheckpointedSequence = -1;
    private long lastCheckpointPosition = -1;
    private long lastCheckpointNanos = Long.MIN_VALUE / 2;
    private long totalItems;
    private int roundRobin;
    private boolean faulted;

    public PersistentGroup(GroupDefinition definition, EventLog log, Executor executor) {
        this.definition = definition;
        this.log = log;
        this.pushes = new CoalescedRuns(executor, this::push);
        this.filter = definition.filter() == null
                ? null
                : EventFilter.of(
                        definition.filter().byStreamName()
                                ? EventFilter.Subject.STREAM_NAME
                                : EventFilter.Subject.EVENT_TYPE,
                        definition.filter().regex(),
                        definition.filter().prefixes());
        loadCheckpoint();
        log.addAppendListener(onAppend);
    }

    /**
     * Resumes after the last checkpoint, or starts where the definition says (KurrentDB OnCheckpointLoaded). A group
     * deleted before had its checkpoint stream deleted with it, so one created again under its name starts afresh.
     */
    private void loadCheckpoint() {
        StoredStream checkpoints = log.stream(definition.checkpointStream());
        if (StreamView.of(checkpoints, log.now()) instanceof StreamView.Visible visible
                && visible.first() <= visible.last()) {
            String text = new String(
                            checkpoints.events.get((int) visible.last()).data(), StandardCharsets.UTF_8)
                    .replace("\"", "");
            long position = Long.parseLong(definition.onAll() ? text.substring(2, text.indexOf('/')) : text);
            nextSource = sourceIndexAfter(position);
            nextSequence = 1;
            lastCheckpointedSequence = 0;
            lastKnownSequence = 0;
            lastKnownPosition = position;
            lastCheckpointPosition = position;
            return;
        }
        long start = definition.startFrom() < 0 ? definition.resolvedStart() : definition.startFrom();
        nextSource = definition.onAll() ? log.indexAtOrAfter(start) : start;
    }

    /** The source index just past a position: the next revision of a stream, or the next {@code $all} record. */
    private long sourceIndexAfter(long position) {
        if (!definition.onAll()) {
            return position + 1;
        }
        int index = log.indexAtOrAfter(position);
        return index < log.all().size() && log.all().get(index).position() == position ? index + 1 : index;
    }

    // ---- consumers ----

    /** Empty when added; otherwise why the subscribe is refused. */
    public Optional<GroupRefusal> addConsumer(PersistentConsumer consumer) {
        synchronized (lock) {
            if (definition.settings().maxSubscriberCount() > 0
                    && consumers.size() >= definition.settings().maxSubscriberCount()) {
                return Optional.of(refusal(GroupRefusal.Reason.MAXIMUM_SUBSCRIBERS_REACHED));
            }
            consumers.add(consumer);
            pinned.add(consumer);
            consumer.confirm(definition.id());
            if (faulted) {
                consumer.end(refusal(GroupRefusal.Reason.DROPPED));
            }
        }
        schedulePush();
        return Optional.empty();
    }

    /** A consumer that left: its unfinished messages go to the others, or are parked past the retry limit. */
    public void removeConsumer(PersistentConsumer consumer) {
        synchronized (lock) {
            applySettlements();
            if (!consumers.remove(consumer)) {
                return;
            }
            consumer.markClosed();
            pinned.remove(consumer);
            for (UUID id : List.copyOf(consumer.inFlight)) {
                InFlight lost = untrack(id);
                if (lost != null) {
                    retryOrPark(lost.message());
                }
            }
            consumer.inFlight.clear();
        }
        schedulePush();
    }

    /** Ends every consumer's call, as when the group is deleted or updated. */
    public void dropAll() {
        synchronized (lock) {
            for (PersistentConsumer consumer : List.copyOf(consumers)) {
                consumer.end(refusal(GroupRefusal.Reason.DROPPED));
            }
            consumers.clear();
            log.removeAppendListener(onAppend);
        }
    }

    /**
     * Acks and nacks are queued and applied by the pusher, so the thread reading a consumer's requests never waits
     * for a push in progress (KurrentDB also handles them as messages to the subscription's queue).
     */
    public void ack(PersistentConsumer consumer, List<UUID> ids) {
        settlements.add(new Settlement(consumer, ids, null, null));
        schedulePush();
    }

    public void nack(PersistentConsumer consumer, List<UUID> ids, NackHandling action, String reason) {
        settlements.add(new Settlement(consumer, ids, action, reason));
        schedulePush();
    }

    /** Applies queued acks and nacks in arrival order; called under the lock before anything reads the group's state. */
    private void applySettlements() {
        boolean any = false;
        for (Settlement settlement; (settlement = settlements.poll()) != null; any = true) {
            for (UUID id : settlement.ids()) {
                InFlight inFlight = finish(settlement.consumer(), id);
                if (inFlight == null || settlement.nack() == null) {
                    continue;
                }
                switch (settlement.nack()) {
                    case PARK -> park(inFlight.message(), "Client explicitly NAK'ed message.\n" + settlement.reason());
                    case RETRY -> retryOrPark(inFlight.message());
                    case SKIP, STOP -> {
                        // Skip: done with it. Stop: the server takes no action either
                        // (PersistentSubscription.StopSubscription).
                    }
                }
            }
        }
        if (any) {
            tryCheckpoint(false);
        }
    }

    private InFlight finish(PersistentConsumer consumer, UUID id) {
        consumer.inFlight.remove(id);
        consumer.latency.end(id);
        InFlight finished = untrack(id);
        if (finished != null && pinnedStrategy()) {
            pinned.confirmed(bucketOf(finished.message().event()), consumer);
        }
        return finished;
    }

    private void track(InFlight inFlight) {
        outstanding.put(inFlight.message().ackId(), inFlight);
        if (!inFlight.message().parkedReplay()) {
            outstandingBySequence.put(inFlight.message().sequence(), inFlight.message());
        }
    }

    private InFlight untrack(UUID id) {
        InFlight inFlight = outstanding.remove(id);
        if (inFlight != null && !inFlight.message().parkedReplay()) {
            outstandingBySequence.remove(inFlight.message().sequence());
        }
        return inFlight;
    }

    // ---- the clock ----

    /** Every second: time out unacknowledged messages, checkpoint on time, push. */
    public void tick() {
        synchronized (lock) {
            applySettlements();
            long now = System.nanoTime();
            List<InFlight> expired = outstanding.values().stream()
                    .filter(inFlight -> inFlight.expiresAtNanos() - now < 0)
                    .toList();
            for (InFlight inFlight : expired) {
                finish(inFlight.consumer(), inFlight.message().ackId());
                retryOrPark(inFlight.message());
            }
            tryCheckpoint(true);
        }
        schedulePush();
    }

    // ---- delivery ----

    /** Requests from any thread merge into one pusher at a time. */
    void schedulePush() {
        pushes.request();
    }

    private void push() {
        synchronized (lock) {
            applySettlements();
            if (consumers.isEmpty() || faulted) {
                return;
            }
            for (Iterator<Message> it = retries.values().iterator(); it.hasNext(); ) {
                Offer offer = offer(it.next());
                if (offer == Offer.SENT) {
                    it.remove();
                } else if (offer == Offer.NO_CAPACITY) {
                    return;
                }
            }
            while (!replays.isEmpty()) {
                Offer offer = offer(replays.peek());
                if (offer == Offer.NO_CAPACITY) {
                    return;
                }
                Message replay = replays.poll();
                if (offer == Offer.SKIPPED) {
                    replays.add(replay);
                    break;
                }
            }
            while (retries.size() < Math.max(1, definition.settings().liveBufferSize())) {
                StoredEvent next = nextFromSource();
                if (next == null) {
                    return;
                }
                Message message = sourceMessage(next);
                Offer offer = offer(message);
                if (offer == Offer.NO_CAPACITY) {
                    return;
                }
                nextSource++;
                nextSequence++;
                lastKnownSequence = message.sequence();
                lastKnownPosition = positionOf(next);
                if (offer == Offer.SKIPPED) {
                    retries.put(message.sequence(), message);
                }
            }
        }
    }

    /** The next event of the source at the cursor; filtered-out records move the cursor on and count as done. */
    private StoredEvent nextFromSource() {
        if (definition.onAll()) {
            AppendOnlyList<StoredEvent> all = log.all();
            while (nextSource < all.size()) {
                StoredEvent event = all.get((int) nextSource);
                if (!SystemStreams.hiddenFromAll(event.stream()) && (filter == null || filter.matches(event))) {
                    return event;
                }
                nextSource++;
                lastKnownSequence = nextSequence++;
                lastKnownPosition = event.position();
            }
            return null;
        }
        StoredStream stream = log.stream(definition.source());
        switch (StreamView.of(stream, log.now())) {
            case StreamView.Deleted deleted -> {
                fault();
                return null;
            }
            case StreamView.Missing missing -> {
                return null;
            }
            case StreamView.Visible visible -> {
                nextSource = Math.max(nextSource, visible.first());
                return nextSource <= visible.last() ? stream.events.get((int) nextSource) : null;
            }
        }
    }

    /** A read the server cannot recover from drops every consumer and refuses new ones (HandleReadError). */
    private void fault() {
        faulted = true;
        for (PersistentConsumer consumer : List.copyOf(consumers)) {
            consumer.end(refusal(GroupRefusal.Reason.DROPPED));
        }
        consumers.clear();
    }

    private Offer offer(Message message) {
        PersistentConsumer target = switch (definition.settings().consumerStrategy()) {
            case "DispatchToSingle" ->
                consumers.stream()
                        .filter(c -> c.availableSlots() > 0)
                        .findFirst()
                        .orElse(null);
            case "Pinned", "PinnedByCorrelation" -> {
                // Nobody has room: stop. Otherwise only the bucket's owner takes it; a full owner skips it (it waits in
                // order with the rest of its bucket).
                yield consumers.stream().anyMatch(c -> c.availableSlots() > 0)
                        ? pinned.ownerOf(bucketOf(message.event()))
                        : null;
            }
            default -> nextRoundRobin();
        };
        if (target == null) {
            return Offer.NO_CAPACITY;
        }
        if (target.availableSlots() == 0) {
            return Offer.SKIPPED;
        }
        long timeout = definition.settings().messageTimeoutMs();
        long expires = timeout <= 0 ? Long.MAX_VALUE : System.nanoTime() + timeout * 1_000_000L;
        track(new InFlight(message, target, expires));
        target.inFlight.add(message.ackId());
        if (definition.settings().extraStatistics()) {
            target.latency.start(message.ackId());
        }
        if (pinnedStrategy()) {
            pinned.sent(bucketOf(message.event()));
        }
        target.deliver(message.event(), message.link(), message.retryCount());
        totalItems++;
        return Offer.SENT;
    }

    private PersistentConsumer nextRoundRobin() {
        for (int i = 0; i < consumers.size(); i++) {
            PersistentConsumer candidate = consumers.get((roundRobin + i) % consumers.size());
            if (candidate.availableSlots() > 0) {
                roundRobin = (roundRobin + i + 1) % consumers.size();
                return candidate;
            }
        }
        return null;
    }

    /** As KurrentDB buckets: its stream hash of the stream (or, PinnedByCorrelation, the correlation id), mod 1024. */
    private int bucketOf(StoredEvent event) {
        String key = event.stream();
        if ("PinnedByCorrelation".equals(definition.settings().consumerStrategy())) {
            var correlation = CORRELATION_ID.matcher(new String(event.metadata(), StandardCharsets.UTF_8));
            if (correlation.find()) {
                key = correlation.group(1);
            }
        }
        return Integer.remainderUnsigned(StreamHash.of(key), PinnedBuckets.COUNT);
    }

    /**
     * The next source record as a message: with links resolved when the group asks for it (the target as the event, the
     * link kept for acks and the checkpoint); a link whose target is gone is delivered as itself.
     */
    private Message sourceMessage(StoredEvent next) {
        if (definition.settings().resolveLinks()
                && LinkResolution.of(next, log) instanceof LinkResolution.Resolved resolved) {
            return new Message(resolved.target(), next, false, nextSequence, lastKnownPosition, 0);
        }
        return new Message(next, null, false, nextSequence, lastKnownPosition, 0);
    }

    private boolean pinnedStrategy() {
        String strategy = definition.settings().consumerStrategy();
        return "Pinned".equals(strategy) || "PinnedByCorrelation".equals(strategy);
    }

    private void retryOrPark(Message message) {
        if (message.retryCount() >= definition.settings().maxRetryCount()) {
            park(message, "Reached retry count of " + definition.settings().maxRetryCount());
        } else if (message.parkedReplay()) {
            replays.add(message.retried());
        } else {
            retries.put(message.sequence(), message.retried());
        }
    }

    // ---- parking ----

    /** A parked message becomes a link in the group's parked stream, pointing at the original event. */
    private void park(Message message, String reason) {
        StoredEvent event = message.event();
        String metadata = "{\"reason\":" + jsonString(reason) + ",\"parkedAt\":\"" + Instant.now() + "\"}";
        log.append(
                definition.parkedStream(),
                ExpectedVersion.ANY,
                List.of(new ProposedEvent(
                        UUID.randomUUID(),
                        "$>",
                        false,
                        (event.revision() + "@" + event.stream()).getBytes(StandardCharsets.UTF_8),
                        metadata.getBytes(StandardCharsets.UTF_8))));
    }

    /** Re-delivers parked messages below {@code stopAt} (all when null), then marks them reprocessed with {@code $tb}. */
    public void replayParked(Long stopAt) {
        synchronized (lock) {
            applySettlements();
            StoredStream parked = log.stream(definition.parkedStream());
            if (!(StreamView.of(parked, log.now()) instanceof StreamView.Visible visible)
                    || visible.first() > visible.last()) {
                return;
            }
            long end = stopAt == null ? visible.last() + 1 : Math.min(stopAt, visible.last() + 1);
            for (long revision = visible.first(); revision < end; revision++) {
                StoredEvent link = parked.events.get((int) revision);
                String[] target = new String(link.data(), StandardCharsets.UTF_8).split("@", 2);
                StoredStream source = log.stream(target[1]);
                long eventRevision = Long.parseLong(target[0]);
                if (source != null && eventRevision <= source.lastRevision()) {
                    replays.add(new Message(source.events.get((int) eventRevision), link, true, -1, -1, 0));
                }
            }
            if (end > visible.first()) {
                log.append(
                        StoredStream.metadataStreamOf(definition.parkedStream()),
                        ExpectedVersion.ANY,
                        List.of(new ProposedEvent(
                                UUID.randomUUID(),
                                EventLog.METADATA_TYPE,
                                true,
                                ("{\"$tb\":" + end + "}").getBytes(StandardCharsets.UTF_8),
                                new byte[0])));
            }
        }
        schedulePush();
    }

    long parkedCount() {
        return StreamView.of(log.stream(definition.parkedStream()), log.now()) instanceof StreamView.Visible visible
                ? Math.max(0, visible.last() - visible.first() + 1)
                : 0;
    }

    // ---- checkpoints ----

    /** Checkpoints the position before the oldest unfinished message, paced by count and time (TryMarkCheckpoint). */
    private void tryCheckpoint(boolean isTimeCheck) {
        long lowestSequence = Long.MAX_VALUE;
        long lowestPrevious = -1;
        if (!outstandingBySequence.isEmpty()) {
            lowestSequence = outstandingBySequence.firstKey();
            lowestPrevious = outstandingBySequence.firstEntry().getValue().previousPosition();
        }
        if (!retries.isEmpty() && retries.firstKey() < lowestSequence) {
            lowestSequence = retries.firstKey();
            lowestPrevious = retries.firstEntry().getValue().previousPosition();
        }
        long sequence;
        long position;
        if (lowestSequence != Long.MAX_VALUE) {
            sequence = lowestSequence - 1;
            position = lowestPrevious;
            if (position < 0) {
                return;
            }
        } else {
            sequence = lastKnownSequence;
            position = lastKnownPosition;
        }
        if (sequence < 0) {
            return;
        }
        long difference = sequence - lastCheckpointedSequence;
        long now = System.nanoTime();
        boolean timeToCheck = now - lastCheckpointNanos >= definition.settings().checkpointAfterMs() * 1_000_000L;
        if (!timeToCheck && difference < definition.settings().maxCheckpointCount()) {
            return;
        }
        if ((difference >= definition.settings().minCheckpointCount() && isTimeCheck)
                || difference >= definition.settings().maxCheckpointCount()) {
            lastCheckpointNanos = now;
            lastCheckpointedSequence = sequence;
            writeCheckpoint(position);
        }
    }

    private void writeCheckpoint(long position) {
        lastCheckpointPosition = position;
        WriteOutcome written = log.append(
                definition.checkpointStream(),
                ExpectedVersion.ANY,
                List.of(new ProposedEvent(
                        UUID.randomUUID(),
                        "$SubscriptionCheckpoint",
                        true,
                        jsonString(definition.format(position)).getBytes(StandardCharsets.UTF_8),
                        new byte[0])));
        if (written instanceof WriteOutcome.Written first && first.lastRevision() == 0) {
            log.append(
                    StoredStream.metadataStreamOf(definition.checkpointStream()),
                    ExpectedVersion.ANY,
                    List.of(new ProposedEvent(
                            UUID.randomUUID(),
                            EventLog.METADATA_TYPE,
                            true,
                            "{\"$maxCount\":1}".getBytes(StandardCharsets.UTF_8),
                            new byte[0])));
        }
    }

    // ---- reporting ----

    /** A consistent copy of what GetInfo and List report. */
    public GroupStatistics statistics() {
        synchronized (lock) {
            applySettlements();
            double seconds = Math.max(1e-3, (System.nanoTime() - createdNanos) / 1e9);
            long backlog = Math.max(0, (definition.onAll() ? log.all().size() : sourceSize()) - nextSource);
            List<GroupStatistics.Connection> connections = consumers.stream()
                    .map(c -> new GroupStatistics.Connection(
                            c.identity.from(),
                            c.identity.username(),
                            c.identity.connectionName(),
                            c.totalItems,
                            c.availableSlots(),
                            c.inFlight.size(),
                            c.latency.measurements()))
                    .toList();
            return new GroupStatistics(
                    faulted ? "Faulted" : backlog == 0 && retries.isEmpty() ? "Live" : "Behind",
                    connections,
                    (int) (totalItems / seconds),
                    totalItems,
                    lastCheckpointPosition < 0 ? "" : definition.format(lastCheckpointPosition),
                    lastKnownPosition < 0 ? "" : definition.format(lastKnownPosition),
                    backlog,
                    retries.size() + replays.size(),
                    outstanding.size(),
                    parkedCount());
        }
    }

    private long sourceSize() {
        StoredStream stream = log.stream(definition.source());
        return stream == null ? 0 : stream.lastRevision() + 1;
    }

    private long positionOf(StoredEvent event) {
        return definition.onAll() ? event.position() : event.revision();
    }

    private GroupRefusal refusal(GroupRefusal.Reason reason) {
        return new GroupRefusal(reason, definition.source(), definition.group());
    }

    private static String jsonString(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
