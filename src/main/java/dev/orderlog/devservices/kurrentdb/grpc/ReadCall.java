package dev.orderlog.devservices.kurrentdb.grpc;

import dev.orderlog.devservices.kurrentdb.log.EventFilter;
import dev.orderlog.devservices.kurrentdb.log.EventLog;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.ReadReq;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.ReadReq.Options.ReadDirection;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.ReadResp;
import java.util.concurrent.Executor;

/**
 * One Read call: its options pick the source (a stream or $all, read once or subscribed to, forwards or backwards,
 * filtered), and a pump sends what the source gives as the client asks for it (Streams.Read.cs).
 */
final class ReadCall {
    private static final int DEFAULT_READ_BATCH_SIZE = 32;

    private final EventLog log;
    private final Executor executor;

    ReadCall(EventLog log, Executor executor) {
        this.log = log;
        this.executor = executor;
    }

    void start(ReadReq request, StreamObserver<ReadResp> responses) {
        ReadReq.Options options = request.getOptions();
        ReadMessages messages = new ReadMessages(
                options.getUuidOption().hasString() ? UuidFormat.STRING : UuidFormat.STRUCTURED,
                options.getResolveLinks() ? log : null);
        boolean subscription = options.getCountOptionCase() == ReadReq.Options.CountOptionCase.SUBSCRIPTION;
        ReadDirection direction = options.getReadDirection();
        EventFilter filter = options.hasFilter() ? WireFilters.of(options.getFilter()) : null;
        if (subscription && direction != ReadDirection.Forwards) {
            throw RpcErrors.invalidArgument("Subscriptions read forwards only");
        }
        ReadSource source = switch (options.getStreamOptionCase()) {
            case STREAM -> {
                if (filter != null) {
                    throw RpcErrors.invalidArgument("Filters apply to $all only");
                }
                yield subscription
                        ? streamSubscription(options.getStream(), messages)
                        : streamRead(options, direction, messages);
            }
            case ALL ->
                subscription
                        ? allSubscription(options, filter, messages)
                        : allRead(options, direction, filter, messages);
            case STREAMOPTION_NOT_SET -> throw RpcErrors.invalidArgument("A read needs a stream or $all");
        };
        ResponsePump pump = new ResponsePump((ServerCallStreamObserver<ReadResp>) responses, source, executor);
        if (subscription) {
            Runnable listener = pump::wakeUp;
            pump.whenFinished(() -> log.removeAppendListener(listener));
            log.addAppendListener(listener);
        }
        pump.start();
    }

    private ReadSource streamRead(ReadReq.Options options, ReadDirection direction, ReadMessages messages) {
        ReadReq.Options.StreamOptions stream = options.getStream();
        long start = switch (stream.getRevisionOptionCase()) {
            case REVISION -> stream.getRevision();
            case START -> 0;
            case END -> StreamReadSource.END;
            case REVISIONOPTION_NOT_SET -> throw RpcErrors.invalidArgument("A stream read needs a start");
        };
        return new StreamReadSource(
                log,
                stream.getStreamIdentifier().getStreamName().toStringUtf8(),
                direction,
                start,
                options.getCount(),
                // Compatibility level 1 (the Java client asks for it) gets the stream's first and last revisions.
                options.getControlOption().getCompatibility() >= 1
                        ? StreamReadSource.Positions.REPORTED
                        : StreamReadSource.Positions.OMITTED,
                messages);
    }

    private ReadSource streamSubscription(ReadReq.Options.StreamOptions stream, ReadMessages messages) {
        String name = stream.getStreamIdentifier().getStreamName().toStringUtf8();
        return switch (stream.getRevisionOptionCase()) {
            case REVISION -> StreamSubscriptionSource.after(log, name, stream.getRevision(), messages);
            case START -> StreamSubscriptionSource.after(log, name, -1, messages);
            case END -> StreamSubscriptionSource.fromEnd(log, name, messages);
            case REVISIONOPTION_NOT_SET -> throw RpcErrors.invalidArgument("A subscription needs a start");
        };
    }

    private ReadSource allRead(
            ReadReq.Options options, ReadDirection direction, EventFilter filter, ReadMessages messages) {
        ReadReq.Options.AllOptions all = options.getAll();
        int startIndex = switch (all.getAllOptionCase()) {
            case POSITION -> log.indexAtOrAfter(all.getPosition().getCommitPosition());
            case START -> 0;
            case END -> log.all().size();
            case ALLOPTION_NOT_SET -> throw RpcErrors.invalidArgument("An $all read needs a start");
        };
        return new AllReadSource(log, direction, startIndex, options.getCount(), filter, messages);
    }

    private ReadSource allSubscription(ReadReq.Options options, EventFilter filter, ReadMessages messages) {
        ReadReq.Options.AllOptions all = options.getAll();
        long interval = 0;
        if (filter != null) {
            ReadReq.Options.FilterOptions filterOptions = options.getFilter();
            if (filterOptions.getCheckpointIntervalMultiplier() == 0) {
                throw RpcErrors.invalidArgument("The checkpoint interval multiplier must be positive");
            }
            long window = filterOptions.hasMax() ? filterOptions.getMax() : DEFAULT_READ_BATCH_SIZE;
            interval = window * filterOptions.getCheckpointIntervalMultiplier();
        }
        int size = log.all().size();
        return switch (all.getAllOptionCase()) {
            case START -> new AllSubscriptionSource(log, 0, -1, filter, interval, messages);
            case END ->
                new AllSubscriptionSource(
                        log, size, size == 0 ? -1 : log.all().get(size - 1).position(), filter, interval, messages);
            case POSITION -> {
                long position = all.getPosition().getCommitPosition();
                int index = log.indexAtOrAfter(position);
                if (index < size && log.all().get(index).position() == position) {
                    index++;
                }
                yield new AllSubscriptionSource(log, index, position, filter, interval, messages);
            }
            case ALLOPTION_NOT_SET -> throw RpcErrors.invalidArgument("A subscription needs a start");
        };
    }
}
