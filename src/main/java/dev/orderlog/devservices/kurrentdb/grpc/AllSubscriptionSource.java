package dev.orderlog.devservices.kurrentdb.grpc;

import dev.orderlog.devservices.kurrentdb.log.AppendOnlyList;
import dev.orderlog.devservices.kurrentdb.log.EventFilter;
import dev.orderlog.devservices.kurrentdb.log.EventLog;
import dev.orderlog.devservices.kurrentdb.log.StoredEvent;
import dev.orderlog.devservices.kurrentdb.log.SystemStreams;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.ReadResp;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.UUID;

/**
 * A catch-up subscription to {@code $all}, optionally filtered. A filtered one reports a checkpoint every
 * (multiplier x window) events it considered and once more when catch-up ends, before caught-up
 * (KurrentDB, Enumerator.AllSubscriptionFiltered).
 */
final class AllSubscriptionSource implements ReadSource {
    private final EventLog log;
    private final EventFilter filter;
    private final long checkpointInterval;
    private final ReadMessages messages;
    private final Queue<ReadResp> control = new ArrayDeque<>();
    private int nextIndex;
    private long lastPosition;
    private long considered;
    private long lastCheckpoint = -1;
    private boolean live;

    /**
     * {@code startIndex} is the first {@code $all} index to consider and {@code lastPosition} the position before it
     * (-1 when starting at the very beginning). {@code filter} is null for an unfiltered subscription.
     */
    AllSubscriptionSource(
            EventLog log,
            int startIndex,
            long lastPosition,
            EventFilter filter,
            long checkpointInterval,
            ReadMessages messages) {
        this.log = log;
        this.nextIndex = startIndex;
        this.lastPosition = lastPosition;
        this.filter = filter;
        this.checkpointInterval = checkpointInterval;
        this.messages = messages;
        control.add(ReadMessages.confirmation(UUID.randomUUID().toString()));
    }

    @Override
    public ReadResp next() {
        if (!control.isEmpty()) {
            return control.poll();
        }
        AppendOnlyList<StoredEvent> all = log.all();
        int end = all.size();
        while (nextIndex < end) {
            StoredEvent event = all.get(nextIndex++);
            if (SystemStreams.hiddenFromAll(event.stream())) {
                continue;
            }
            if (live && end - nextIndex >= StreamSubscriptionSource.LIVE_BUFFER) {
                live = false;
            }
            lastPosition = event.position();
            boolean checkpointDue = filter != null && ++considered >= checkpointInterval;
            if (checkpointDue) {
                considered %= checkpointInterval;
            }
            if (filter == null || filter.matches(event)) {
                if (checkpointDue) {
                    control.add(checkpoint());
                }
                return messages.event(event);
            }
            if (checkpointDue) {
                return checkpoint();
            }
        }
        if (!live) {
            live = true;
            if (filter != null && lastPosition > lastCheckpoint) {
                control.add(checkpoint());
            }
            control.add(ReadMessages.caughtUpOnAll(lastPosition, log.now()));
            return control.poll();
        }
        return null;
    }

    private ReadResp checkpoint() {
        lastCheckpoint = lastPosition;
        return ReadMessages.checkpoint(lastPosition, log.now());
    }

    @Override
    public boolean exhausted() {
        return false;
    }
}
