package dev.orderlog.devservices.kurrentdb.grpc;

import dev.orderlog.devservices.kurrentdb.log.EventLog;
import dev.orderlog.devservices.kurrentdb.log.StoredStream;
import dev.orderlog.devservices.kurrentdb.log.StreamView;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.ReadResp;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.UUID;

/**
 * A catch-up subscription to one stream. Catch-up and live read the same log, so the switch to live can neither
 * skip nor repeat an event. Caught-up is sent at every switch to live; a subscriber that lags more than the server's
 * live buffer falls back to catch-up silently, because the server does not send fell-behind to clients.
 */
final class StreamSubscriptionSource implements ReadSource {
    static final int LIVE_BUFFER = 32;

    private final EventLog log;
    private final String stream;
    private final ReadMessages messages;
    private final Queue<ReadResp> control = new ArrayDeque<>();
    private long lastSeen;
    private boolean live;

    private StreamSubscriptionSource(EventLog log, String stream, long lastSeen, ReadMessages messages) {
        this.log = log;
        this.stream = stream;
        this.messages = messages;
        this.lastSeen = lastSeen;
        control.add(ReadMessages.confirmation(UUID.randomUUID().toString()));
    }

    /** The events after revision {@code after} (exclusive: -1 from the start). */
    static StreamSubscriptionSource after(EventLog log, String stream, long after, ReadMessages messages) {
        return new StreamSubscriptionSource(log, stream, after, messages);
    }

    /** New events only. */
    static StreamSubscriptionSource fromEnd(EventLog log, String stream, ReadMessages messages) {
        StoredStream state = log.stream(stream);
        return new StreamSubscriptionSource(log, stream, state == null ? -1 : state.lastRevision(), messages);
    }

    @Override
    public ReadResp next() {
        if (!control.isEmpty()) {
            return control.poll();
        }
        StoredStream state = log.stream(stream);
        if (state != null && state.tombstoned) {
            throw RpcErrors.streamDeleted(stream);
        }
        long last = state == null ? -1 : state.lastRevision();
        if (lastSeen < last) {
            long next = Math.max(lastSeen + 1, firstVisible(state, last));
            if (next <= last) {
                if (live && last - next >= LIVE_BUFFER) {
                    live = false;
                }
                lastSeen = next;
                return messages.event(state.events.get((int) next));
            }
            lastSeen = last;
        }
        if (!live) {
            live = true;
            return ReadMessages.caughtUpOnStream(lastSeen, log.now());
        }
        return null;
    }

    private long firstVisible(StoredStream state, long last) {
        return switch (StreamView.of(state, log.now())) {
            case StreamView.Visible visible -> visible.first();
            case StreamView.Missing missing -> last + 1;
            case StreamView.Deleted deleted -> throw RpcErrors.streamDeleted(stream);
        };
    }

    @Override
    public boolean exhausted() {
        return false;
    }
}
