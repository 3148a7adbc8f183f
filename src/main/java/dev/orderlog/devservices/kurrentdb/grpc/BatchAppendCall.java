package dev.orderlog.devservices.kurrentdb.grpc;

import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import com.google.rpc.Code;
import dev.orderlog.devservices.kurrentdb.log.EventLog;
import dev.orderlog.devservices.kurrentdb.log.ExpectedVersion;
import dev.orderlog.devservices.kurrentdb.log.ProposedEvent;
import dev.orderlog.devservices.kurrentdb.log.WriteOutcome;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.kurrent.dbclient.proto.shared.Shared;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.BatchAppendReq;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.BatchAppendResp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One BatchAppend call: many appends multiplexed by correlation id, each committed when its final message arrives
 * and answered with a google.rpc.Status on failure (KurrentDB, Streams.BatchAppend.cs).
 *
 * <p>Each append has until the earlier of its deadline and the server's write timeout for its final message to
 * arrive; past that it is answered {@code Timeout} and forgotten. Responses come from the call's thread and from
 * those timers, so every write to the response stream holds this call's lock.
 */
final class BatchAppendCall implements StreamObserver<BatchAppendReq> {
    private final EventLog log;
    private final int maxAppendSize;
    private final Duration writeTimeout;
    private final Executor timers;
    private final Clock clock;
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

    BatchAppendCall(
            EventLog log,
            int maxAppendSize,
            Duration writeTimeout,
            Executor timers,
            Clock clock,
            StreamObserver<BatchAppendResp> responses) {
        this.log = log;
        this.maxAppendSize = maxAppendSize;
        this.writeTimeout = writeTimeout;
        this.timers = timers;
        this.clock = clock;
        this.responses = responses;
    }

    @Override
    public synchronized void onNext(BatchAppendReq request) {
        UUID correlationId = Proposals.uuid(request.getCorrelationId());
        if (request.hasOptions() && !open(request, correlationId)) {
            return;
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
            respondBadRequest(
                    request, append.stream, String.valueOf(invalid.getStatus().getDescription()));
            return;
        }
        if (append.size > maxAppendSize) {
            pending.remove(correlationId);
            respondError(
                    request,
                    append.stream,
                    Code.INVALID_ARGUMENT,
                    "MaximumAppendSizeExceeded",
                    Shared.MaximumAppendSizeExceeded.newBuilder()
                            .setMaxAppendSize(maxAppendSize)
                            .build());
            return;
        }
        if (request.getIsFinal() && pending.remove(correlationId) != null) {
            commit(request, append);
        }
    }

    /**
     * A request with options opens its append (once per correlation id), with its timer armed; false when it is
     * answered at once instead (no stream, a deadline out of range, or one already past).
     */
    private boolean open(BatchAppendReq request, UUID correlationId) {
        BatchAppendReq.Options options = request.getOptions();
        if (!options.hasStreamIdentifier()) {
            respondBadRequest(request, options.getStreamIdentifier(), "Required field StreamIdentifier not set.");
            return false;
        }
        Duration timeout;
        try {
            timeout = timeoutOf(options);
        } catch (ArithmeticException | java.time.DateTimeException outOfRange) {
            respondBadRequest(request, options.getStreamIdentifier(), "The deadline is out of range");
            return false;
        }
        if (timeout.isNegative() || timeout.isZero()) {
            respondTimeout(request.getCorrelationId(), options.getStreamIdentifier());
            return false;
        }
        if (!pending.containsKey(correlationId)) {
            PendingAppend append = new PendingAppend(
                    options.getStreamIdentifier(),
                    WireExpectedVersion.of(options.getExpectedStreamPositionCase(), options.getStreamPosition()));
            pending.put(correlationId, append);
            CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS, timers)
                    .execute(() -> expire(request.getCorrelationId(), correlationId, append));
        }
        return true;
    }

    private void respondBadRequest(BatchAppendReq request, Shared.StreamIdentifier stream, String message) {
        respondError(
                request,
                stream,
                Code.INVALID_ARGUMENT,
                "BadRequest",
                Shared.BadRequest.newBuilder().setMessage(message).build());
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
                        Code.ALREADY_EXISTS,
                        "WrongExpectedVersion",
                        wrongExpectedVersion(conflict.currentRevision(), append.expected));
            case WriteOutcome.StreamDeleted deleted ->
                respondError(
                        request,
                        append.stream,
                        Code.NOT_FOUND,
                        "StreamDeleted",
                        Shared.StreamDeleted.newBuilder()
                                .setStreamIdentifier(append.stream)
                                .build());
        }
    }

    /** KurrentDB's rule: the earlier of the client's deadline, in either of its forms, and the write timeout. */
    private Duration timeoutOf(BatchAppendReq.Options options) {
        Duration requested = switch (options.getDeadlineOptionCase()) {
            case DEADLINE ->
                Duration.ofSeconds(
                        options.getDeadline().getSeconds(),
                        options.getDeadline().getNanos());
            case DEADLINE_21_10_0 ->
                Duration.between(
                        clock.instant(),
                        Instant.ofEpochSecond(
                                options.getDeadline21100().getSeconds(),
                                options.getDeadline21100().getNanos()));
            case DEADLINEOPTION_NOT_SET -> writeTimeout;
        };
        return requested.compareTo(writeTimeout) < 0 ? requested : writeTimeout;
    }

    /** An append whose final message has not come by its timeout is answered Timeout and dropped. */
    private synchronized void expire(Shared.UUID wireId, UUID correlationId, PendingAppend append) {
        if (pending.remove(correlationId, append)) {
            try {
                respondTimeout(wireId, append.stream);
            } catch (IllegalStateException | io.grpc.StatusRuntimeException cancelled) {
                // The client went away between the timer and this answer: nobody to tell.
            }
        }
    }

    private void respondTimeout(Shared.UUID correlationId, Shared.StreamIdentifier stream) {
        responses.onNext(BatchAppendResp.newBuilder()
                .setCorrelationId(correlationId)
                .setStreamIdentifier(stream)
                .setError(RpcErrors.richStatus(Code.DEADLINE_EXCEEDED, "Timeout", Shared.Timeout.getDefaultInstance()))
                .build());
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
        responses.onNext(response(request, stream)
                .setError(RpcErrors.richStatus(code, message, details))
                .build());
    }

    private static BatchAppendResp.Builder response(BatchAppendReq request, Shared.StreamIdentifier stream) {
        return BatchAppendResp.newBuilder()
                .setCorrelationId(request.getCorrelationId())
                .setStreamIdentifier(stream);
    }

    @Override
    public synchronized void onError(Throwable cancelled) {
        pending.clear();
    }

    @Override
    public synchronized void onCompleted() {
        // Appends still waiting for their final message are never answered, as KurrentDB closes without them.
        pending.clear();
        responses.onCompleted();
    }
}
