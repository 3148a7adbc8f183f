package dev.orderlog.devservices.kurrentdb.grpc;

import dev.orderlog.devservices.kurrentdb.log.EventLog;
import dev.orderlog.devservices.kurrentdb.log.WriteOutcome;
import io.grpc.StatusRuntimeException;
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
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/** The Streams gRPC service over an {@link EventLog} (KurrentDB, Services/Transport/Grpc/Streams.*.cs). */
public final class StreamsService extends StreamsGrpc.StreamsImplBase {
    /** KurrentDB's default {@code WriteTimeoutMs}: the longest a batch append waits for its final message. */
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(2);

    private final EventLog log;
    private final int maxAppendSize;
    private final Executor executor;

    public StreamsService(EventLog log, int maxAppendSize, Executor executor) {
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
        return new BatchAppendCall(log, maxAppendSize, WRITE_TIMEOUT, executor, Clock.systemUTC(), responses);
    }

    @Override
    public void delete(DeleteReq request, StreamObserver<DeleteResp> responses) {
        DeleteReq.Options options = request.getOptions();
        answer(responses, () -> {
            long position = deleteOrFail(
                    "Delete",
                    options.getStreamIdentifier(),
                    WireExpectedVersion.of(options.getExpectedStreamRevisionCase(), options.getRevision()),
                    EventLog.Deletion.SOFT);
            return DeleteResp.newBuilder()
                    .setPosition(DeleteResp.Position.newBuilder()
                            .setCommitPosition(position)
                            .setPreparePosition(position))
                    .build();
        });
    }

    @Override
    public void tombstone(TombstoneReq request, StreamObserver<TombstoneResp> responses) {
        TombstoneReq.Options options = request.getOptions();
        answer(responses, () -> {
            long position = deleteOrFail(
                    "Tombstone",
                    options.getStreamIdentifier(),
                    WireExpectedVersion.of(options.getExpectedStreamRevisionCase(), options.getRevision()),
                    EventLog.Deletion.TOMBSTONE);
            return TombstoneResp.newBuilder()
                    .setPosition(TombstoneResp.Position.newBuilder()
                            .setCommitPosition(position)
                            .setPreparePosition(position))
                    .build();
        });
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
        answerErrorsWithTrailers(responses, () -> new ReadCall(log, executor).start(request, responses));
    }

    /** A unary call's one response, or its error with trailers. */
    private static <T> void answer(StreamObserver<T> responses, Supplier<T> response) {
        answerErrorsWithTrailers(responses, () -> {
            responses.onNext(response.get());
            responses.onCompleted();
        });
    }

    /** A status thrown out of a handler loses its trailers, and clients read the error kind from them. */
    private static void answerErrorsWithTrailers(StreamObserver<?> responses, Runnable handler) {
        try {
            handler.run();
        } catch (StatusRuntimeException error) {
            responses.onError(error);
        }
    }
}
