package dev.orderlog.devservices.kurrentdb.grpc;

import dev.orderlog.devservices.kurrentdb.log.EventFilter;
import dev.orderlog.devservices.kurrentdb.log.EventLog;
import dev.orderlog.devservices.kurrentdb.log.StoredEvent;
import dev.orderlog.devservices.kurrentdb.log.SystemStreams;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.ReadReq.Options.ReadDirection;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.ReadResp;

/**
 * A counted read of {@code $all}, forwards or backwards, optionally filtered; the count applies to matching events.
 * Forwards starts at the given position inclusive; backwards returns the records before it, as the server's
 * backward reader does (TFChunkReader.TryReadPrev), and {@code $all} shows events hidden by stream metadata.
 */
final class AllReadSource implements ReadSource {
    private final EventLog log;
    private final boolean forwards;
    private final EventFilter filter;
    private final ReadMessages messages;
    private long remaining;
    private int next;
    private final int end;

    /** {@code startIndex} is an index into {@code $all}; {@code end} is fixed now, so later appends stay out. */
    AllReadSource(
            EventLog log,
            ReadDirection direction,
            int startIndex,
            long count,
            EventFilter filter,
            ReadMessages messages) {
        this.log = log;
        this.forwards = direction == ReadDirection.Forwards;
        this.filter = filter;
        this.messages = messages;
        this.remaining = count;
        this.end = log.all().size();
        this.next = forwards ? startIndex : startIndex - 1;
    }

    @Override
    public ReadResp next() {
        while (remaining > 0 && next >= 0 && next < end) {
            StoredEvent event = log.all().get(next);
            next += forwards ? 1 : -1;
            if (SystemStreams.hiddenFromAll(event.stream()) || (filter != null && !filter.matches(event))) {
                continue;
            }
            remaining--;
            return messages.event(event);
        }
        remaining = 0;
        return null;
    }

    @Override
    public boolean exhausted() {
        return remaining == 0;
    }
}
