package dev.orderlog.platform.kurrentdb;

import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.ReadStreamOptions;
import io.kurrent.dbclient.RecordedEvent;
import io.kurrent.dbclient.ResolvedEvent;
import io.kurrent.dbclient.StreamDeletedException;
import io.kurrent.dbclient.StreamNotFoundException;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Reads of one stream where a stream that does not exist, or was deleted, is simply empty; any other failure is
 * {@link EventStoreUnavailable}.
 */
public final class StreamReads {
    private final KurrentDBClient client;

    public StreamReads(KurrentDBClient client) {
        this.client = client;
    }

    /** Every event from {@code revision} on, oldest first. */
    public List<RecordedEvent> from(String stream, long revision) {
        return read(stream, ReadStreamOptions.get().forwards().fromRevision(revision));
    }

    /** The newest {@code count} events, newest first. */
    public List<RecordedEvent> newest(String stream, int count) {
        return read(stream, ReadStreamOptions.get().backwards().fromEnd().maxCount(count));
    }

    /** At most {@code count} events from {@code revision} on, oldest first. */
    public List<RecordedEvent> range(String stream, long revision, int count) {
        return read(stream, ReadStreamOptions.get().forwards().fromRevision(revision).maxCount(count));
    }

    private List<RecordedEvent> read(String stream, ReadStreamOptions options) {
        try {
            return client.readStream(stream, options).get().getEvents().stream().map(ResolvedEvent::getOriginalEvent).toList();
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof StreamNotFoundException || failed.getCause() instanceof StreamDeletedException) {
                return List.of();
            }
            throw new EventStoreUnavailable(stream, failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new EventStoreUnavailable(stream, interrupted);
        }
    }
}
