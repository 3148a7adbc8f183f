package dev.orderlog.devservices.kurrentdb;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.kurrent.dbclient.proto.shared.Shared;
import io.kurrent.dbclient.proto.streams.StreamsGrpc;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.AppendReq;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.AppendResp;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.BatchAppendReq;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.BatchAppendResp;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.DeleteReq;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.DeleteResp;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.ReadReq;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.ReadResp;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.TombstoneReq;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.TombstoneResp;
import java.util.concurrent.Executor;

/** The Streams gRPC service over an {@link EventLog} (KurrentDB, Services/Transport/Grpc/Streams.*.cs). */
final class StreamsService extends StreamsGrpc.StreamsImplBase {
    private static final int DEFAULT_READ_BATCH_SIZE = 32;

    private final EventLog log;
    private final int maxAppendSize;
    private final Executor executor;

    StreamsService(EventLog log, int maxAppendSize, Executor executor) {
        this.log = log;
        this.maxAppendSize = maxAppendSize;
        this.executor = executor;
    }

    @Override
    public StreamObserver<AppendReq> append(StreamObserver<AppendResp> responses) {
        return new AppendCall(log, maxAppendSize, responses);
    }

    @Override
    public StreamObserver<BatchAppendReq> batchAppend(StreamObserver<BatchAppendResp> responses) {
        return new BatchAppendCall(log, maxAppendSize, responses);
    }

    @Override
    public void delete(DeleteReq request, StreamObserver<DeleteResp> responses) {
        answerErrorsWithTrailers(responses, () -> deleteSoftly(request, responses));
    }

    private void deleteSoftly(DeleteReq request, StreamObserver<DeleteResp> responses) {
        DeleteReq.Options options = request.getOptions();
        long expected = ExpectedVersion.fromWire(options.getExpectedStreamRevisionCase(), options.getRevision());
        long position = deleteOrFail("Delete", options.getStreamIdentifier(), expected, EventLog.Deletion.SOFT);
        DeleteResp.Builder response = DeleteResp.newBuilder();
        response.setPosition(
                DeleteResp.Position.newBuilder().setCommitPosition(position).setPreparePosition(position));
        responses.onNext(response.build());
        responses.onCompleted();
    }

    @Override
    public void tombstone(TombstoneReq request, StreamObserver<TombstoneResp> responses) {
        answerErrorsWithTrailers(responses, () -> deleteForGood(request, responses));
    }

    private void deleteForGood(TombstoneReq request, StreamObserver<TombstoneResp> responses) {
        TombstoneReq.Options options = request.getOptions();
        long expected = ExpectedVersion.fromWire(options.getExpectedStreamRevisionCase(), options.getRevision());
        long position = deleteOrFail("Tombstone", options.getStreamIdentifier(), expected, EventLog.Deletion.TOMBSTONE);
        TombstoneResp.Builder response = TombstoneResp.newBuilder();
        response.setPosition(
                TombstoneResp.Position.newBuilder().setCommitPosition(position).setPreparePosition(position));
        responses.onNext(response.build());
        responses.onCompleted();
    }

    private long deleteOrFail(
            String operation, Shared.StreamIdentifier identifier, long expected, EventLog.Deletion deletion) {
        String stream = identifier.getStreamName().toStringUtf8();
        return switch (log.delete(stream, expected, deletion)) {
            case WriteOutcome.Written written -> written.position();
            case WriteOutcome.WrongExpectedVersion conflict ->
                throw RpcErrors.wrongExpectedVersion(operation, stream, expected, conflict.currentRevision());
            case WriteOutcome.StreamDeleted deleted -> throw RpcErrors.streamDeleted(stream);
        };
    }

    @Override
    public void read(ReadReq request, StreamObserver<ReadResp> responses) {
        answerErrorsWithTrailers(responses, () -> startRead(request, responses));
    }

    /** A status thrown out of a handler loses its trailers, and clients read the error kind from them. */
    private static void answerErrorsWithTrailers(StreamObserver<?> responses, Runnable handler) {
        try {
            handler.run();
        } catch (StatusRuntimeException error) {
            responses.onError(error);
        }
    }

    private void startRead(ReadReq request, StreamObserver<ReadResp> responses) {
        ReadReq.Options options = request.getOptions();
        ReadMessages messages =
                new ReadMessages(options.getUuidOption().hasString(), options.getResolveLinks() ? log : null);
        boolean subscription = options.getCountOptionCase() == ReadReq.Options.CountOptionCase.SUBSCRIPTION;
        boolean forwards = options.getReadDirection() == ReadReq.Options.ReadDirection.Forwards;
        EventFilter filter = options.hasFilter() ? EventFilter.of(options.getFilter()) : null;
        if (subscription && !forwards) {
            throw RpcErrors.invalidArgument("Subscriptions read forwards only");
        }
        ReadSource source = switch (options.getStreamOptionCase()) {
            case STREAM -> {
                if (filter != null) {
                    throw RpcErrors.invalidArgument("Filters apply to $all only");
                }
                yield subscription
                        ? streamSubscription(options.getStream(), messages)
                        : streamRead(options, forwards, messages);
            }
            case ALL ->
                subscription
                        ? allSubscription(options, filter, messages)
                        : allRead(options, forwards, filter, messages);
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

    private ReadSource streamRead(ReadReq.Options options, boolean forwards, ReadMessages messages) {
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
                forwards,
                start,
                options.getCount(),
                options.getControlOption().getCompatibility() >= 1,
                messages);
    }

    private ReadSource streamSubscription(ReadReq.Options.StreamOptions stream, ReadMessages messages) {
        String name = stream.getStreamIdentifier().getStreamName().toStringUtf8();
        return switch (stream.getRevisionOptionCase()) {
            case REVISION -> new StreamSubscriptionSource(log, name, stream.getRevision(), false, messages);
            case START -> new StreamSubscriptionSource(log, name, -1, false, messages);
            case END -> new StreamSubscriptionSource(log, name, -1, true, messages);
            case REVISIONOPTION_NOT_SET -> throw RpcErrors.invalidArgument("A subscription needs a start");
        };
    }

    private ReadSource allRead(ReadReq.Options options, boolean forwards, EventFilter filter, ReadMessages messages) {
        ReadReq.Options.AllOptions all = options.getAll();
        int startIndex = switch (all.getAllOptionCase()) {
            case POSITION -> log.indexAtOrAfter(all.getPosition().getCommitPosition());
            case START -> 0;
            case END -> log.all().size();
            case ALLOPTION_NOT_SET -> throw RpcErrors.invalidArgument("An $all read needs a start");
        };
        return new AllReadSource(log, forwards, startIndex, options.getCount(), filter, messages);
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
