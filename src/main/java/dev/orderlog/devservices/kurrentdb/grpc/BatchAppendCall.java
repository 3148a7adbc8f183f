package dev.orderlog.devservices.kurrentdb.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import com.google.rpc.Code;
import com.google.rpc.Status;
import dev.orderlog.devservices.kurrentdb.log.EventLog;
import dev.orderlog.devservices.kurrentdb.log.ExpectedVersion;
import dev.orderlog.devservices.kurrentdb.log.ProposedEvent;
import dev.orderlog.devservices.kurrentdb.log.WriteOutcome;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.kurrent.dbclient.proto.shared.Shared;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.BatchAppendReq;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.BatchAppendResp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One BatchAppend call: many appends multiplexed by correlation id, each committed when its final message arrives
 * and answered with a google.rpc.Status on failure (KurrentDB, Streams.BatchAppend.cs).
 */
final class BatchAppendCall implements StreamObserver<BatchAppendReq> {
    private final EventLog log;
    private final int maxAppendSize;
    private final StreamObserver<BatchAppendResp> responses;
    private final Map<UUID, PendingAppend> pending = new HashMap<>();

    private static final class PendingAppend {
        final Shared.StreamIdentifier stream;
        final long expected;
        final List<ProposedEvent> events = new ArrayList<>();
        int size;

        PendingAppend(Shared.StreamIdentifier stream, long expected) {
            this.stream = stream;
            this.expected = expected;
        }
    }

    BatchAppendCall(EventLog log, int maxAppendSize, StreamObserver<BatchAppendResp> responses) {
        this.log = log;
        this.maxAppendSize = maxAppendSize;
        this.responses = responses;
    }

    @Override
    public void onNext(BatchAppendReq request) {
        UUID correlationId = Proposals.uuid(request.getCorrelationId());
        if (request.hasOptions()) {
            BatchAppendReq.Options options = request.getOptions();
            if (!options.hasStreamIdentifier()) {
                respondError(
                        request,
                        options.getStreamIdentifier(),
                        Code.INVALID_ARGUMENT,
                        "Required field StreamIdentifier not set.",
                        Shared.BadRequest.newBuilder()
                                .setMessage("Required field StreamIdentifier not set.")
                                .build());
                return;
            }
            if (options.hasDeadline()
                    && options.getDeadline().getSeconds() <= 0
                    && options.getDeadline().getNanos() <= 0) {
                respondError(
                        request,
                        options.getStreamIdentifier(),
                        Code.DEADLINE_EXCEEDED,
                        "Timeout",
                        Shared.Timeout.getDefaultInstance());
                return;
            }
            pending.putIfAbsent(
                    correlationId,
                    new PendingAppend(
                            options.getStreamIdentifier(),
                            WireExpectedVersion.of(
                                    options.getExpectedStreamPositionCase(), options.getStreamPosition())));
        }
        PendingAppend append = pending.get(correlationId);
        if (append == null) {
            return;
        }
        try {
            for (BatchAppendReq.ProposedMessage message : request.getProposedMessagesList()) {
                ProposedEvent event = Proposals.parse(
                        message.getId(), message.getMetadataMap(), message.getCustomMetadata(), message.getData());
                append.size += Proposals.sizeOf(event);
                append.events.add(event);
            }
        } catch (StatusRuntimeException invalid) {
            pending.remove(correlationId);
            respondError(
                    request,
                    append.stream,
                    Code.INVALID_ARGUMENT,
                    invalid.getStatus().getDescription(),
                    Shared.BadRequest.newBuilder()
                            .setMessage(String.valueOf(invalid.getStatus().getDescription()))
                            .build());
            return;
        }
        if (append.size > maxAppendSize) {
            pending.remove(correlationId);
            respondError(
                    request,
                    append.stream,
                    Code.INVALID_ARGUMENT,
                    "Maximum Append Size Exceeded",
                    Shared.MaximumAppendSizeExceeded.newBuilder()
                            .setMaxAppendSize(maxAppendSize)
                            .build());
            return;
        }
        if (request.getIsFinal() && pending.remove(correlationId) != null) {
            commit(request, append);
        }
    }

    private void commit(BatchAppendReq request, PendingAppend append) {
        String stream = append.stream.getStreamName().toStringUtf8();
        switch (log.append(stream, append.expected, append.events)) {
            case WriteOutcome.Written written -> {
                BatchAppendResp.Success.Builder success = BatchAppendResp.Success.newBuilder();
                if (written.lastRevision() < 0) {
                    success.setNoStream(Empty.getDefaultInstance());
                } else {
                    success.setCurrentRevision(written.lastRevision());
                }
                if (written.position() < 0) {
                    success.setNoPosition(Empty.getDefaultInstance());
                } else {
                    success.setPosition(Shared.AllStreamPosition.newBuilder()
                            .setCommitPosition(written.position())
                            .setPreparePosition(written.position()));
                }
                responses.onNext(
                        response(request, append.stream).setSuccess(success).build());
            }
            case WriteOutcome.WrongExpectedVersion conflict ->
                respondError(
                        request,
                        append.stream,
                        Code.FAILED_PRECONDITION,
                        "WrongExpectedVersion",
                        wrongExpectedVersion(conflict.currentRevision(), append.expected));
            case WriteOutcome.StreamDeleted deleted ->
                respondError(
                        request,
                        append.stream,
                        Code.FAILED_PRECONDITION,
                        "Stream Deleted",
                        Shared.StreamDeleted.newBuilder()
                                .setStreamIdentifier(append.stream)
                                .build());
        }
    }

    private static Shared.WrongExpectedVersion wrongExpectedVersion(long current, long expected) {
        Shared.WrongExpectedVersion.Builder conflict = Shared.WrongExpectedVersion.newBuilder();
        if (current < 0) {
            conflict.setCurrentNoStream(Empty.getDefaultInstance());
        } else {
            conflict.setCurrentStreamRevision(current);
        }
        if (expected == ExpectedVersion.ANY) {
            conflict.setExpectedAny(Empty.getDefaultInstance());
        } else if (expected == ExpectedVersion.STREAM_EXISTS) {
            conflict.setExpectedStreamExists(Empty.getDefaultInstance());
        } else if (expected == ExpectedVersion.NO_STREAM) {
            conflict.setExpectedNoStream(Empty.getDefaultInstance());
        } else {
            conflict.setExpectedStreamPosition(expected);
        }
        return conflict.build();
    }

    private void respondError(
            BatchAppendReq request, Shared.StreamIdentifier stream, Code code, String message, Message details) {
        Status error = Status.newBuilder()
                .setCode(code.getNumber())
                .setMessage(message)
                .addDetails(Any.pack(details))
                .build();
        responses.onNext(response(request, stream).setError(error).build());
    }

    private static BatchAppendResp.Builder response(BatchAppendReq request, Shared.StreamIdentifier stream) {
        return BatchAppendResp.newBuilder()
                .setCorrelationId(request.getCorrelationId())
                .setStreamIdentifier(stream);
    }

    @Override
    public void onError(Throwable cancelled) {
        pending.clear();
    }

    @Override
    public void onCompleted() {
        responses.onCompleted();
    }
}
