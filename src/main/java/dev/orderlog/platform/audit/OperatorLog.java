package dev.orderlog.platform.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.platform.kurrentdb.EventStoreUnavailable;
import dev.orderlog.platform.kurrentdb.StreamReads;
import dev.orderlog.platform.web.RequestMetadata;
import io.kurrent.dbclient.AppendToStreamOptions;
import io.kurrent.dbclient.EventDataBuilder;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.RecordedEvent;
import io.kurrent.dbclient.StreamState;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * What operators asked the service to do by hand (replay parked events, rebuild a read model, retry or resolve a
 * fulfilment), who asked and when: one event each in the stream {@value #STREAM}, written before the action runs, so
 * no action goes unrecorded.
 */
@ApplicationScoped
public class OperatorLog {
    public static final String STREAM = "operator-log";
    static final String EVENT_TYPE = "OperatorActionRequested";
    private static final Logger LOG = Logger.getLogger(OperatorLog.class);

    /**
     * One recorded action: what, on what, who asked, under which correlation id, when, and the operator's note where
     * the action asks for one (null otherwise, and in entries recorded before notes were kept).
     */
    public record Entry(String action, String target, String operator, String correlationId, Instant at, String note) {}

    private final KurrentDBClient client;
    private final StreamReads reads;
    private final ObjectMapper json;

    public OperatorLog(KurrentDBClient client, ObjectMapper json) {
        this.client = client;
        this.reads = new StreamReads(client);
        this.json = json;
    }

    public Entry record(String action, String target, RequestMetadata request) {
        return record(action, target, null, request);
    }

    /** As {@link #record(String, String, RequestMetadata)}, with the operator's note on why. */
    public Entry record(String action, String target, String note, RequestMetadata request) {
        Entry entry = new Entry(action, target, request.actor(), request.correlationId(), Instant.now(), note);
        try {
            byte[] data = json.writeValueAsBytes(entry);
            byte[] metadata = json.writeValueAsBytes(Map.of(
                    "correlationId",
                    entry.correlationId(),
                    "causationId",
                    request.requestId(),
                    "actor",
                    entry.operator(),
                    "occurredAt",
                    entry.at().toString()));
            long revision = client.appendToStream(
                            STREAM,
                            AppendToStreamOptions.get().streamState(StreamState.any()),
                            EventDataBuilder.json(UUID.randomUUID(), EVENT_TYPE, data)
                                    .metadataAsBytes(metadata)
                                    .build())
                    .get(StreamReads.CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .getNextExpectedRevision()
                    .toRawLong();
            LOG.infof(
                    "Operator %s asked to %s %s: %s revision %d [correlation %s]",
                    entry.operator(), action, target, STREAM, revision, entry.correlationId());
            return entry;
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        } catch (ExecutionException | TimeoutException failed) {
            throw new EventStoreUnavailable(STREAM, failed instanceof ExecutionException ? failed.getCause() : failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new EventStoreUnavailable(STREAM, interrupted);
        }
    }

    /** The newest {@code count} entries, newest first. */
    public List<Entry> recent(int count) {
        return reads.newest(STREAM, count).stream().map(this::entryOf).toList();
    }

    private Entry entryOf(RecordedEvent event) {
        try {
            return json.readValue(event.getEventData(), Entry.class);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
