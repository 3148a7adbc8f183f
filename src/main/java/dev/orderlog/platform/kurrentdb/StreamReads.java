package dev.orderlog.platform.kurrentdb;

import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.ReadStreamOptions;
import io.kurrent.dbclient.RecordedEvent;
import io.kurrent.dbclient.ResolvedEvent;
import io.kurrent.dbclient.StreamDeletedException;
import io.kurrent.dbclient.StreamNotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads of one stream where a stream that does not exist, or was deleted, is simply empty; any other failure is
 * {@link EventStoreUnavailable}.
 */
public final class StreamReads {
    /**
     * How long a call to KurrentDB may take before it counts as failed: while the client reconnects it holds calls
     * without a deadline of their own, and a request must not wait for that without bound.
     */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

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
        return read(
                stream,
                ReadStreamOptions.get().forwards().fromRevision(revision).maxCount(count));
    }

    private List<RecordedEvent> read(String stream, ReadStreamOptions options) {
        try {
            return client
                    .readStream(stream, options)
                    .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .getEvents()
                    .stream()
                    .map(ResolvedEvent::getOriginalEvent)
                    .toList();
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof StreamNotFoundException
                    || failed.getCause() instanceof StreamDeletedException) {
                return List.of();
            }
            throw new EventStoreUnavailable(stream, failed.getCause());
        } catch (TimeoutException slow) {
            throw new EventStoreUnavailable(stream, slow);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new EventStoreUnavailable(stream, interrupted);
        }
    }
}
