package dev.orderlog.devservices.kurrentdb.projections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.devservices.kurrentdb.log.EventLog;
import dev.orderlog.devservices.kurrentdb.log.ExpectedVersion;
import dev.orderlog.devservices.kurrentdb.log.LinkResolution;
import dev.orderlog.devservices.kurrentdb.log.ProposedEvent;
import dev.orderlog.devservices.kurrentdb.log.StoredEvent;
import dev.orderlog.devservices.kurrentdb.log.StoredStream;
import dev.orderlog.devservices.kurrentdb.log.StreamLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * The server's standard system projections ({@code StartStandardProjections}), written as the server's projection core
 * writes them (src/KurrentDB.Projections.Core/Standard): {@code $streams}, {@code $stream_by_category},
 * {@code $by_category} and {@code $by_event_type}. They read {@code $all} without resolving links, skip
 * {@code $}-streams other than a normal stream's metadata stream, and run behind the log, eventually consistent as the
 * server's are. Each emitted record carries the projection's metadata: {@code $v}, {@code $c}/{@code $p} (the source's
 * position), {@code $o} and {@code $deleted} where the projection adds them, {@code $causedBy}, {@code $correlationId}.
 */
public final class StandardProjections implements AutoCloseable {
    static final String STREAM_REFERENCE_TYPE = "$@";
    private static final Logger LOG = Logger.getLogger(StandardProjections.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Records a running projection takes before the others get their turn. */
    private static final int TURN = 500;

    private final EventLog log;
    private final Runnable wake;
    private final Thread worker;
    private final Map<StandardProjection, Projected> projections = new EnumMap<>(StandardProjection.class);
    private volatile boolean stopped;

    /** One projection's progress and whether it runs; guarded by itself. */
    private static final class Projected {
        final StandardProjection kind;
        /** The next record of {@code $all} to project. */
        int next;

        boolean enabled;
        boolean aborted;
        int version;
        int epoch = -1;
        long processedSinceStart;
        /** Where the last record taken was, or none yet. */
        long lastPosition = -1;

        Projected(StandardProjection kind, int next) {
            this.kind = kind;
            this.next = next;
        }

        /** {@code $v} of what it emits: its id, epoch and version, and the projections subsystem's version (4). */
        String emittedVersion() {
            return kind.id() + ":" + epoch + ":" + Math.max(1, version) + ":4";
        }
    }

    private StandardProjections(EventLog log, Map<StandardProjection, Integer> from, boolean enabled) {
        this.log = log;
        for (StandardProjection kind : StandardProjection.values()) {
            Projected projected = new Projected(kind, from.getOrDefault(kind, 0));
            if (enabled) {
                projected.enabled = true;
                projected.version = 1;
            }
            projections.put(kind, projected);
        }
        this.worker = Thread.ofPlatform()
                .name("kurrentdb-standard-projections")
                .daemon()
                .unstarted(this::run);
        this.wake = () -> LockSupport.unpark(worker);
    }

    /**
     * The standard projections over {@code log}, each resuming from its record of {@code $all} in {@code from}, all
     * running ({@code --start-standard-projections}) or all stopped until enabled.
     */
    public static StandardProjections start(EventLog log, Map<StandardProjection, Integer> from, boolean running) {
        StandardProjections projections = new StandardProjections(log, from, running);
        log.addAppendListener(projections.wake);
        projections.worker.start();
        return projections;
    }

    private void run() {
        while (!stopped) {
            boolean more = false;
            for (Projected projected : projections.values()) {
                more |= takeTurn(projected);
            }
            if (!more) {
                LockSupport.parkNanos(100_000_000L);
            }
        }
    }

    /** Projects up to {@link #TURN} records; true when it stopped with records left. */
    private boolean takeTurn(Projected projected) {
        for (int taken = 0; taken < TURN; taken++) {
            if (stopped || !projectNext(projected)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Projects the projection's next record, holding it only for that record, so management calls wait for one
     * append at most; false when there is none to project or the projection is stopped.
     */
    private boolean projectNext(Projected projected) {
        synchronized (projected) {
            if (!projected.enabled || projected.next >= log.all().size()) {
                return false;
            }
            StoredEvent event = log.all().get(projected.next);
            try {
                List<EventLog.StreamAppend> links = new ArrayList<>();
                collect(projected, event, links);
                if (!links.isEmpty()) {
                    log.appendAll(links);
                }
            } catch (RuntimeException failed) {
                // The log could not take the links (its disk failing, say): the same record is tried again shortly.
                LOG.warnf(
                        "Standard projection %s could not project record %d of $all (%s); trying again",
                        projected.kind.projectionName(), projected.next, failed.toString());
                return false;
            }
            projected.next++;
            projected.processedSinceStart++;
            projected.lastPosition = event.position();
            return true;
        }
    }

    /**
     * One record a projection writes for a source event: a link ({@code $>}) or a stream reference ({@code $@}), with
     * the original stream ({@code $o}) where the projection names it, and the deletion marking of a deleted stream.
     */
    private record Output(String target, String type, String data, String originalStream, Marking marking) {
        enum Marking {
            PLAIN,
            DELETED
        }

        static Output link(String target, String data) {
            return new Output(target, LinkResolution.LINK_TYPE, data, null, Marking.PLAIN);
        }

        static Output reference(String target, String stream) {
            return new Output(target, STREAM_REFERENCE_TYPE, stream, null, Marking.PLAIN);
        }

        Output from(String stream) {
            return new Output(target, type, data, stream, marking);
        }

        Output markedDeleted() {
            return new Output(target, type, data, originalStream, Marking.DELETED);
        }
    }

    /** A source record as the projections see it. */
    private record Source(StoredEvent event, String stream, String described, boolean link, boolean deleted) {
        /** Empty for a {@code $}-stream other than a normal stream's metadata, which no standard projection reads. */
        static Optional<Source> of(StoredEvent event) {
            String stream = event.stream();
            boolean metadataOfNormalStream = stream.startsWith(StoredStream.METADATA_PREFIX)
                    && !stream.substring(2).startsWith("$");
            if (stream.startsWith("$") && !metadataOfNormalStream) {
                return Optional.empty();
            }
            boolean deleted =
                    EventLog.TOMBSTONE_TYPE.equals(event.type()) || (metadataOfNormalStream && deletes(event));
            return Optional.of(new Source(
                    event,
                    stream,
                    metadataOfNormalStream ? stream.substring(2) : stream,
                    LinkResolution.LINK_TYPE.equals(event.type()),
                    deleted));
        }

        boolean metadata() {
            return !stream.equals(described);
        }

        /** {@code revision@stream}; for a link, the event it points at. */
        String pointer() {
            return link && !deleted ? new String(event.data(), StandardCharsets.UTF_8) : here();
        }

        String here() {
            return event.revision() + "@" + stream;
        }
    }

    private void collect(Projected projected, StoredEvent event, List<EventLog.StreamAppend> links) {
        Source.of(event)
                .flatMap(source -> switch (projected.kind) {
                    case STREAMS -> streams(source);
                    case STREAM_BY_CATEGORY -> streamByCategory(source);
                    case BY_CATEGORY -> byCategory(source);
                    case BY_EVENT_TYPE -> byEventType(source);
                    case BY_CORRELATION_ID -> byCorrelationId(source);
                })
                .ifPresent(output -> emit(links, output, event, projected.emittedVersion()));
    }

    private static Optional<Output> streams(Source source) {
        return source.event().revision() == 0
                ? Optional.of(Output.link("$streams", "0@" + source.stream()))
                : Optional.empty();
    }

    private static Optional<Output> streamByCategory(Source source) {
        return source.event().revision() == 0
                ? categoryOf(source.stream())
                        .map(category -> Output.reference("$category-" + category, source.stream()))
                : Optional.empty();
    }

    private static Optional<Output> byCategory(Source source) {
        String stream = source.deleted() ? source.described() : source.stream();
        return categoryOf(stream).map(category -> {
            Output output = Output.link("$ce-" + category, source.pointer()).from(stream);
            return source.deleted() ? output.markedDeleted() : output;
        });
    }

    private static Optional<Output> byEventType(Source source) {
        if (source.deleted()) {
            return Optional.of(Output.link("$et-$deleted", source.event().revision() + "@" + source.described())
                    .markedDeleted());
        }
        return source.link()
                ? Optional.empty()
                : Optional.of(Output.link("$et-" + source.event().type(), source.here()));
    }

    private static Optional<Output> byCorrelationId(Source source) {
        if (source.metadata() || source.deleted()) {
            return Optional.empty();
        }
        return correlationOf(source.event()).map(correlation -> Output.link("$bc-" + correlation, source.pointer()));
    }

    // ---- management, as the Projections gRPC service asks for it ----

    /** What the Statistics call reports of one projection. */
    public record Statistics(
            String name,
            String status,
            String position,
            float progress,
            long epoch,
            long version,
            long eventsProcessedAfterRestart) {}

    public List<Statistics> statistics() {
        return projections.values().stream().map(this::statisticsOf).toList();
    }

    public Optional<Statistics> statistics(String name) {
        return StandardProjection.named(name).map(kind -> statisticsOf(projections.get(kind)));
    }

    private Statistics statisticsOf(Projected projected) {
        synchronized (projected) {
            int size = log.all().size();
            long lastCommit = size == 0 ? 0 : log.all().get(size - 1).position();
            float progress = projected.lastPosition < 0
                    ? (projected.next >= size && projected.enabled ? 100f : -1f)
                    : projected.next >= size
                            ? 100f
                            : lastCommit <= 0 ? -2f : 100f * projected.lastPosition / lastCommit;
            String status = projected.enabled ? "Running" : projected.aborted ? "Aborted/Stopped" : "Stopped";
            String position = projected.lastPosition < 0
                    ? "C:0/P:-1"
                    : "C:" + projected.lastPosition + "/P:" + projected.lastPosition;
            return new Statistics(
                    projected.kind.projectionName(),
                    status,
                    position,
                    progress,
                    projected.epoch,
                    projected.version,
                    projected.processedSinceStart);
        }
    }

    /** Runs it from where it stopped; false when no standard projection has that name. */
    public boolean enable(String name) {
        return change(name, projected -> {
            if (!projected.enabled) {
                projected.enabled = true;
                projected.aborted = false;
                projected.version++;
                projected.processedSinceStart = 0;
            }
        });
    }

    /** Stops it where it is; everything it took is already written, which is its checkpoint. */
    public boolean disable(String name) {
        return change(name, projected -> projected.enabled = false);
    }

    /** Stops it as disable does, reported as aborted (the server skips the final checkpoint). */
    public boolean abort(String name) {
        return change(name, projected -> {
            if (projected.enabled) {
                projected.enabled = false;
                projected.aborted = true;
            }
        });
    }

    /**
     * Starts it over from the start of {@code $all} in a new epoch, as the server's reset does: what it emitted before
     * is hidden ({@code $tb} past it on each of its streams) and emitted afresh; it runs again only if it was running.
     */
    public boolean reset(String name) {
        return change(name, projected -> {
            // Hidden first: should that fail, the projection goes on as it was rather than emit over visible links.
            hideWhatItEmitted(projected.kind);
            projected.version++;
            projected.epoch = projected.version;
            projected.next = 0;
            projected.lastPosition = -1;
            projected.processedSinceStart = 0;
        });
    }

    private boolean change(String name, java.util.function.Consumer<Projected> change) {
        Optional<StandardProjection> kind = StandardProjection.named(name);
        kind.ifPresent(found -> {
            Projected projected = projections.get(found);
            synchronized (projected) {
                change.accept(projected);
            }
            LockSupport.unpark(worker);
        });
        return kind.isPresent();
    }

    private void hideWhatItEmitted(StandardProjection kind) {
        List<EventLog.StreamAppend> truncations = new ArrayList<>();
        for (String stream : log.streamNames()) {
            StoredStream output = log.stream(stream);
            if (kind.emitsTo(stream) && output != null && output.lastRevision() >= 0) {
                StoredStream metadata = log.stream(StoredStream.metadataStreamOf(stream));
                byte[] current = metadata == null || metadata.lastRevision() < 0
                        ? new byte[0]
                        : metadata.events.get((int) metadata.lastRevision()).data();
                truncations.add(new EventLog.StreamAppend(
                        StoredStream.metadataStreamOf(stream),
                        ExpectedVersion.ANY,
                        List.of(new ProposedEvent(
                                UUID.randomUUID(),
                                EventLog.METADATA_TYPE,
                                true,
                                StreamLimits.withTruncateBefore(current, output.lastRevision() + 1),
                                new byte[0]))));
            }
        }
        if (!truncations.isEmpty()) {
            log.appendAll(truncations);
        }
    }

    /** The part of the name before its first {@code -}; none for {@code $}-streams, names without one, or one that starts with it. */
    static Optional<String> categoryOf(String stream) {
        int dash = stream.indexOf('-');
        return stream.startsWith("$") || dash <= 0 ? Optional.empty() : Optional.of(stream.substring(0, dash));
    }

    private static boolean deletes(StoredEvent metadata) {
        return EventLog.METADATA_TYPE.equals(metadata.type())
                && StreamLimits.parse(metadata.data()).softDeleted();
    }

    private void emit(List<EventLog.StreamAppend> links, Output output, StoredEvent source, String version) {
        String target = output.target();
        StoredStream existing = log.stream(StoredStream.metadataStreamOf(target));
        if ((existing == null || existing.lastRevision() < 0)
                && links.stream().noneMatch(link -> link.stream().equals(StoredStream.metadataStreamOf(target)))) {
            // Before its first record, an output stream gets metadata that lets everyone read it, as the server's
            // emitted streams do.
            links.add(new EventLog.StreamAppend(
                    StoredStream.metadataStreamOf(target),
                    ExpectedVersion.ANY,
                    List.of(new ProposedEvent(
                            UUID.randomUUID(),
                            EventLog.METADATA_TYPE,
                            true,
                            "{\"$acl\":{\"$r\":\"$all\",\"$mr\":\"$all\"}}".getBytes(StandardCharsets.UTF_8),
                            new byte[0]))));
        }
        List<String> fields = new ArrayList<>();
        fields.add("\"$v\":\"" + version + "\"");
        fields.add("\"$c\":" + source.position());
        fields.add("\"$p\":" + source.position());
        if (output.originalStream() != null) {
            fields.add("\"$o\":" + quote(output.originalStream()));
        }
        if (output.marking() == Output.Marking.DELETED) {
            fields.add("\"$deleted\":-1");
        }
        fields.add("\"$causedBy\":\"" + source.id() + "\"");
        correlationOf(source).ifPresent(correlation -> fields.add("\"$correlationId\":" + quote(correlation)));
        byte[] metadata = ("{" + String.join(",", fields) + "}").getBytes(StandardCharsets.UTF_8);
        links.add(new EventLog.StreamAppend(
                target,
                ExpectedVersion.ANY,
                List.of(new ProposedEvent(
                        UUID.randomUUID(),
                        output.type(),
                        false,
                        output.data().getBytes(StandardCharsets.UTF_8),
                        metadata))));
    }

    /** A JSON source's {@code $correlationId}, as the projection core carries it over. */
    private static Optional<String> correlationOf(StoredEvent source) {
        if (!source.json() || source.metadata().length == 0) {
            return Optional.empty();
        }
        try {
            JsonNode metadata = JSON.readTree(source.metadata());
            return metadata != null && metadata.path("$correlationId").isTextual()
                    ? Optional.of(metadata.path("$correlationId").asText())
                    : Optional.empty();
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * Where each projection resumes on a log read back from disk: after the source ({@code $c}) of the newest record it
     * emitted, which it knows by the id its {@code $v} starts with. A record after that one gave it nothing to emit, so
     * taking it again emits nothing twice. The start for a projection that never emitted.
     */
    public static Map<StandardProjection, Integer> resumePoints(EventLog log) {
        Map<StandardProjection, Integer> points = new EnumMap<>(StandardProjection.class);
        for (int i = log.all().size() - 1; i >= 0 && points.size() < StandardProjection.values().length; i--) {
            StoredEvent record = log.all().get(i);
            if (record.stream().startsWith("$")
                    && !record.stream().startsWith(StoredStream.METADATA_PREFIX)
                    && !hiddenByReset(log, record)) {
                emittedBy(record)
                        .ifPresent(emitted ->
                                points.putIfAbsent(emitted.kind(), log.indexAtOrAfter(emitted.sourcePosition()) + 1));
            }
        }
        return points;
    }

    private record Emitted(StandardProjection kind, long sourcePosition) {}

    /** A link a reset hid ({@code $tb} past it): what the projection emits again from the start, not where it got to. */
    private static boolean hiddenByReset(EventLog log, StoredEvent record) {
        StoredStream stream = log.stream(record.stream());
        Long truncateBefore = stream == null ? null : stream.limits().truncateBefore();
        return truncateBefore != null && record.revision() < truncateBefore;
    }

    private static Optional<Emitted> emittedBy(StoredEvent record) {
        try {
            JsonNode metadata = record.metadata().length == 0 ? null : JSON.readTree(record.metadata());
            if (metadata == null
                    || !metadata.path("$c").isIntegralNumber()
                    || !metadata.path("$v").isTextual()) {
                // A record someone else wrote there carries no $c; the projections' own, further back, do.
                return Optional.empty();
            }
            String id = metadata.path("$v").asText().split(":", 2)[0];
            return StandardProjection.byId(id)
                    .filter(kind -> kind.emitsTo(record.stream()))
                    .map(kind -> new Emitted(kind, metadata.path("$c").asLong()));
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    /** Where each projection got to: what a restart on the same log resumes from. */
    public Map<StandardProjection, Integer> positions() {
        Map<StandardProjection, Integer> positions = new EnumMap<>(StandardProjection.class);
        projections.forEach((kind, projected) -> {
            synchronized (projected) {
                positions.put(kind, projected.next);
            }
        });
        return positions;
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        log.removeAppendListener(wake);
        LockSupport.unpark(worker);
        worker.join(5_000);
    }
}
