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
import java.util.List;
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
    /** The projections' ids, in the order the server creates them, and the projections subsystem's version (4). */
    private static final String STREAMS_VERSION = "1:-1:1:4";

    private static final String STREAM_BY_CATEGORY_VERSION = "2:-1:1:4";
    private static final String BY_CATEGORY_VERSION = "3:-1:1:4";
    private static final String BY_EVENT_TYPE_VERSION = "4:-1:1:4";

    private final EventLog log;
    private final Runnable wake;
    private final Thread worker;
    private volatile boolean stopped;
    /** The next record of {@code $all} to project. */
    private int next;

    private StandardProjections(EventLog log, int from) {
        this.log = log;
        this.next = from;
        this.worker = Thread.ofPlatform()
                .name("kurrentdb-standard-projections")
                .daemon()
                .unstarted(this::run);
        this.wake = () -> LockSupport.unpark(worker);
    }

    /** Starts projecting {@code log} from the record at index {@code from} of {@code $all}. */
    public static StandardProjections start(EventLog log, int from) {
        StandardProjections projections = new StandardProjections(log, from);
        log.addAppendListener(projections.wake);
        projections.worker.start();
        return projections;
    }

    private void run() {
        while (!stopped) {
            try {
                while (next < log.all().size() && !stopped) {
                    project(log.all().get(next));
                    next++;
                }
            } catch (RuntimeException failed) {
                // The log could not take the links (its disk failing, say): the same record is tried again shortly.
                LOG.warnf(
                        "Standard projections could not project record %d of $all (%s); trying again",
                        next, failed.toString());
            }
            LockSupport.parkNanos(100_000_000L);
        }
    }

    /** One source record's links, written together, so a crash leaves all of them or none. */
    private void project(StoredEvent event) {
        List<EventLog.StreamAppend> links = new ArrayList<>();
        collect(event, links);
        if (!links.isEmpty()) {
            log.appendAll(links);
        }
    }

    private void collect(StoredEvent event, List<EventLog.StreamAppend> links) {
        String stream = event.stream();
        boolean metadataOfNormalStream = stream.startsWith(StoredStream.METADATA_PREFIX)
                && !stream.substring(2).startsWith("$");
        if (stream.startsWith("$") && !metadataOfNormalStream) {
            return;
        }
        boolean link = LinkResolution.LINK_TYPE.equals(event.type());
        String described = metadataOfNormalStream ? stream.substring(2) : stream;
        boolean deleted = EventLog.TOMBSTONE_TYPE.equals(event.type()) || (metadataOfNormalStream && deletes(event));
        if (event.revision() == 0) {
            emit(links, "$streams", LinkResolution.LINK_TYPE, "0@" + stream, event, STREAMS_VERSION, null, false);
            categoryOf(stream)
                    .ifPresent(category -> emit(
                            links,
                            "$category-" + category,
                            STREAM_REFERENCE_TYPE,
                            stream,
                            event,
                            STREAM_BY_CATEGORY_VERSION,
                            null,
                            false));
        }
        if (deleted) {
            categoryOf(described)
                    .ifPresent(category -> emit(
                            links,
                            "$ce-" + category,
                            LinkResolution.LINK_TYPE,
                            event.revision() + "@" + stream,
                            event,
                            BY_CATEGORY_VERSION,
                            described,
                            true));
            emit(
                    links,
                    "$et-$deleted",
                    LinkResolution.LINK_TYPE,
                    event.revision() + "@" + described,
                    event,
                    BY_EVENT_TYPE_VERSION,
                    null,
                    true);
            return;
        }
        categoryOf(stream)
                .ifPresent(category -> emit(
                        links,
                        "$ce-" + category,
                        LinkResolution.LINK_TYPE,
                        link ? new String(event.data(), StandardCharsets.UTF_8) : event.revision() + "@" + stream,
                        event,
                        BY_CATEGORY_VERSION,
                        stream,
                        false));
        if (!link) {
            emit(
                    links,
                    "$et-" + event.type(),
                    LinkResolution.LINK_TYPE,
                    event.revision() + "@" + stream,
                    event,
                    BY_EVENT_TYPE_VERSION,
                    null,
                    false);
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

    private void emit(
            List<EventLog.StreamAppend> links,
            String target,
            String type,
            String data,
            StoredEvent source,
            String version,
            String originalStream,
            boolean deleted) {
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
        if (originalStream != null) {
            fields.add("\"$o\":" + quote(originalStream));
        }
        if (deleted) {
            fields.add("\"$deleted\":-1");
        }
        fields.add("\"$causedBy\":\"" + source.id() + "\"");
        correlationOf(source).ifPresent(correlation -> fields.add("\"$correlationId\":" + quote(correlation)));
        byte[] metadata = ("{" + String.join(",", fields) + "}").getBytes(StandardCharsets.UTF_8);
        links.add(new EventLog.StreamAppend(
                target,
                ExpectedVersion.ANY,
                List.of(new ProposedEvent(
                        UUID.randomUUID(), type, false, data.getBytes(StandardCharsets.UTF_8), metadata))));
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
     * Where to resume on a log read back from disk: after the source of the newest record the projections emitted (its
     * {@code $c}); the start for a log they never ran on.
     */
    public static int resumePoint(EventLog log) {
        for (int i = log.all().size() - 1; i >= 0; i--) {
            StoredEvent record = log.all().get(i);
            if (isOutput(record.stream())) {
                // A record someone else wrote there carries no $c; the projections' own, further back, do.
                long source = sourcePosition(record);
                if (source >= 0) {
                    return log.indexAtOrAfter(source) + 1;
                }
            }
        }
        return 0;
    }

    private static long sourcePosition(StoredEvent record) {
        try {
            JsonNode metadata = JSON.readTree(record.metadata());
            return metadata != null && metadata.path("$c").isIntegralNumber()
                    ? metadata.path("$c").asLong()
                    : -1;
        } catch (IOException unreadable) {
            return -1;
        }
    }

    private static boolean isOutput(String stream) {
        return stream.startsWith("$ce-")
                || stream.startsWith("$et-")
                || stream.equals("$streams")
                || stream.startsWith("$category-");
    }

    /** Where projecting got to: what a restart on the same log resumes from. */
    public int position() {
        return next;
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        log.removeAppendListener(wake);
        LockSupport.unpark(worker);
        worker.join(5_000);
    }
}
