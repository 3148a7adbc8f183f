package dev.orderlog.devservices.kurrentdb.grpc;

import dev.orderlog.devservices.kurrentdb.log.EventLog;
import dev.orderlog.devservices.kurrentdb.log.StoredEvent;
import dev.orderlog.devservices.kurrentdb.log.StreamView;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.ReadReq.Options.ReadDirection;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.ReadResp;

/**
 * A counted read of one stream, forwards or backwards. The visible window is fixed when the read starts, so an
 * append that lands meanwhile is either wholly in the answer or not at all. Clients that ask for compatibility
 * level 1 (the Java client does) also get the first visible revision when nothing is visible and, at the end,
 * the stream's last revision (Enumerator.ReadStreamForwards/Backwards).
 */
final class StreamReadSource implements ReadSource {
    /** Start marker for "from the end" (the start of the stream is revision 0). */
    static final long END = -1;

    /** Whether the read reports the stream's first and last revisions (compatibility level 1 and later). */
    enum Positions {
        OMITTED,
        REPORTED
    }

    private final EventLog log;
    private final String stream;
    private final boolean forwards;
    private final long start;
    private final ReadMessages messages;
    private final Positions positions;
    private long remaining;
    private long next;
    private long stop;
    private long lastRevision;
    private ReadResp firstPosition;
    private boolean opened;
    private boolean done;

    StreamReadSource(
            EventLog log,
            String stream,
            ReadDirection direction,
            long start,
            long count,
            Positions positions,
            ReadMessages messages) {
        this.log = log;
        this.stream = stream;
        this.forwards = direction == ReadDirection.Forwards;
        this.start = start;
        this.remaining = count;
        this.positions = positions;
        this.messages = messages;
    }

    @Override
    public ReadResp next() {
        if (!opened) {
            opened = true;
            ReadResp notFound = open();
            if (notFound != null) {
                return notFound;
            }
            if (firstPosition != null) {
                return firstPosition;
            }
        }
        if (done) {
            return null;
        }
        if (remaining == 0 || (forwards ? next > stop : next < stop)) {
            done = true;
            return positions == Positions.REPORTED
                    ? ReadResp.newBuilder().setLastStreamPosition(lastRevision).build()
                    : null;
        }
        StoredEvent event = log.stream(stream).events.get((int) next);
        next += forwards ? 1 : -1;
        remaining--;
        return messages.event(event);
    }

    private ReadResp open() {
        switch (StreamView.of(log.stream(stream), log.now())) {
            case StreamView.Deleted deleted -> throw RpcErrors.streamDeleted(stream);
            case StreamView.Missing missing -> {
                done = true;
                return ReadMessages.streamNotFound(stream);
            }
            case StreamView.Visible visible -> {
                lastRevision = visible.last();
                if (positions == Positions.REPORTED
                        && forwards
                        && visible.first() > visible.last()
                        && start != visible.first()) {
                    firstPosition = ReadResp.newBuilder()
                            .setFirstStreamPosition(visible.first())
                            .build();
                }
                if (forwards) {
                    next = start == END ? visible.last() + 1 : Math.max(start, visible.first());
                    stop = visible.last();
                } else {
                    next = start == END ? visible.last() : Math.min(start, visible.last());
                    stop = visible.first();
                }
                return null;
            }
        }
    }

    @Override
    public boolean exhausted() {
        return done;
    }
}
