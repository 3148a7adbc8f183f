package dev.orderlog.platform.projection;

import io.kurrent.dbclient.RecordedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest revision per projection and stream that this instance has committed, and a signal when it moves: what a
 * read-your-writes query waits on instead of polling. Events applied by another replica are not signalled here, so a
 * waiter also looks at the read model itself now and then.
 */
@ApplicationScoped
public class CommittedRevisions {
    /** Beyond this many streams the memory is cleared; waiters then fall back to looking at the read model. */
    private static final int MAX_STREAMS = 100_000;

    private final Map<String, Long> newest = new ConcurrentHashMap<>();
    private final Object signal = new Object();

    /** Called after a projection's transaction committed these events. */
    void committed(String projection, List<RecordedEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        if (newest.size() > MAX_STREAMS) {
            newest.clear();
        }
        for (RecordedEvent event : events) {
            newest.merge(key(projection, event.getStreamId()), event.getRevision(), Math::max);
        }
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** Waits up to {@code atMost} for the projection in this instance to commit {@code stream} at or past {@code revision}; true when it has. */
    public boolean await(String projection, String stream, long revision, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        String key = key(projection, stream);
        synchronized (signal) {
            while (newest.getOrDefault(key, -1L) < revision) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                signal.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    private static String key(String projection, String stream) {
        return projection + '\n' + stream;
    }
}
