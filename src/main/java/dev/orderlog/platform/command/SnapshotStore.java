package dev.orderlog.platform.command;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.platform.kurrentdb.EventStoreUnavailable;
import dev.orderlog.platform.kurrentdb.StreamReads;
import io.kurrent.dbclient.AppendToStreamOptions;
import io.kurrent.dbclient.EventDataBuilder;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.RecordedEvent;
import io.kurrent.dbclient.StreamMetadata;
import io.kurrent.dbclient.WriteResult;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Snapshots of an aggregate's state in a dedicated stream per aggregate, {@code snapshot-<stream>}, capped with
 * {@code $maxCount}. Only an optimisation: anything doubtful about a snapshot means a full replay instead.
 */
public final class SnapshotStore<S> {
    public static final String PREFIX = "snapshot-";
    static final String EVENT_TYPE = "Snapshot";
    private static final Logger LOG = Logger.getLogger(SnapshotStore.class);

    /** A state and the revision of the source stream it reflects. */
    public record Snapshot<S>(S state, long sourceRevision) {}

    /** Other keys may sit beside these: the client's tracing adds {@code $traceId} and {@code $spanId}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Header(int schemaVersion, long sourceRevision) {}

    private final KurrentDBClient client;
    private final StreamReads reads;
    private final ObjectMapper json;
    private final Map<String, Class<? extends S>> stateTypes;
    private final int schemaVersion;
    private final SnapshotSettings settings;
    private final MeterRegistry metrics;
    private final Executor background;

    /** {@code stateType} is the sealed interface of the states; each permitted record is written with its name. */
    public SnapshotStore(
            KurrentDBClient client,
            ObjectMapper json,
            Class<S> stateType,
            int schemaVersion,
            SnapshotSettings settings,
            MeterRegistry metrics,
            Executor background) {
        this.client = client;
        this.reads = new StreamReads(client);
        this.json = json;
        this.stateTypes = Arrays.stream(stateType.getPermittedSubclasses())
                .collect(Collectors.toMap(Class::getSimpleName, type -> castType(type, stateType)));
        this.schemaVersion = schemaVersion;
        this.settings = settings;
        this.metrics = metrics;
        this.background = background;
    }

    public static String streamOf(String sourceStream) {
        return PREFIX + sourceStream;
    }

    /** The newest usable snapshot; empty when there is none or it cannot be trusted (then counted and logged). */
    public Optional<Snapshot<S>> load(String sourceStream) {
        String stream = streamOf(sourceStream);
        List<RecordedEvent> newest;
        try {
            newest = reads.newest(stream, 1);
        } catch (EventStoreUnavailable unreachable) {
            return fallback(stream, "unreachable", unreachable.getCause().toString());
        }
        if (newest.isEmpty()) {
            metrics.counter("orderlog.snapshots.misses").increment();
            return Optional.empty();
        }
        RecordedEvent recorded = newest.getFirst();
        try {
            Header header = json.readValue(recorded.getUserMetadata(), Header.class);
            if (header.schemaVersion() != schemaVersion) {
                return fallback(
                        stream, "schema", "schema version " + header.schemaVersion() + ", expected " + schemaVersion);
            }
            JsonNode body = json.readTree(recorded.getEventData());
            Class<? extends S> type = stateTypes.get(body.path("type").asText());
            if (type == null) {
                return fallback(stream, "unreadable", "unknown state type " + body.path("type"));
            }
            metrics.counter("orderlog.snapshots.hits").increment();
            return Optional.of(new Snapshot<>(json.treeToValue(body.get("state"), type), header.sourceRevision()));
        } catch (IOException | RuntimeException unreadable) {
            return fallback(stream, "unreadable", unreadable.toString());
        }
    }

    /**
     * Takes a snapshot in the background once enough events have passed; a failed write never fails a command. Returns
     * the revision of the newest snapshot: {@code revision} when one is taken now.
     */
    public long takeIfDue(String sourceStream, S state, long revision, long lastSnapshotRevision) {
        if (revision - lastSnapshotRevision < settings.every()) {
            return lastSnapshotRevision;
        }
        background.execute(() -> {
            try {
                write(sourceStream, state, revision);
            } catch (Exception failed) {
                metrics.counter("orderlog.snapshots.failures").increment();
                LOG.warnf("Snapshot of %s at revision %d not written: %s", sourceStream, revision, failed.toString());
            }
        });
        return revision;
    }

    void write(String sourceStream, S state, long revision) throws Exception {
        String stream = streamOf(sourceStream);
        byte[] body = json.writeValueAsBytes(Map.of("type", state.getClass().getSimpleName(), "state", state));
        byte[] header = json.writeValueAsBytes(new Header(schemaVersion, revision));
        WriteResult written = client.appendToStream(
                        stream,
                        AppendToStreamOptions.get(),
                        EventDataBuilder.json(UUID.randomUUID(), EVENT_TYPE, body)
                                .metadataAsBytes(header)
                                .build())
                .get();
        if (written.getNextExpectedRevision().toRawLong() == 0) {
            StreamMetadata cap = new StreamMetadata();
            cap.setMaxCount((long) settings.keep());
            client.setStreamMetadata(stream, cap).get();
        }
        metrics.counter("orderlog.snapshots.taken").increment();
        LOG.debugf("Snapshot of %s taken at revision %d", sourceStream, revision);
    }

    private Optional<Snapshot<S>> fallback(String stream, String reason, String detail) {
        metrics.counter("orderlog.snapshots.fallbacks", "reason", reason).increment();
        LOG.warnf("Snapshot %s not used (%s), replaying the whole stream", stream, detail);
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static <S> Class<? extends S> castType(Class<?> type, Class<S> stateType) {
        return (Class<? extends S>) type.asSubclass(stateType);
    }
}
