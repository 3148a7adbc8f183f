package dev.orderlog.devservices.kurrentdb.grpc;

import com.google.protobuf.Message;
import com.google.rpc.Code;
import dev.orderlog.devservices.kurrentdb.log.EventLog;
import dev.orderlog.devservices.kurrentdb.log.ExpectedVersion;
import dev.orderlog.devservices.kurrentdb.log.ProposedEvent;
import dev.orderlog.devservices.kurrentdb.log.WriteOutcome;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.kurrentdb.protocol.v2.streams.AppendRecord;
import io.kurrentdb.protocol.v2.streams.AppendRequest;
import io.kurrentdb.protocol.v2.streams.AppendResponse;
import io.kurrentdb.protocol.v2.streams.AppendSessionResponse;
import io.kurrentdb.protocol.v2.streams.errors.StreamAlreadyInAppendSessionErrorDetails;
import io.kurrentdb.protocol.v2.streams.errors.StreamRevisionConflictErrorDetails;
import io.kurrentdb.protocol.v2.streams.errors.StreamTombstonedErrorDetails;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One AppendSession (v2, KurrentDB 25.1): an append request per stream, written together when the client half-closes,
 * all or nothing. Validation and errors follow the server's StreamsService (src/KurrentDB.Api.V2/Modules/Streams): a
 * request is checked as it arrives, a record's size and the session's running size against the limits, and the
 * errors are a google.rpc.Status carrying an ErrorInfo and the streams error's details.
 */
final class AppendSessionCall extends ClientStreamingCall<AppendRequest, AppendSessionResponse> {
    private static final Set<Long> EXPECTATIONS =
            Set.of(ExpectedVersion.NO_STREAM, ExpectedVersion.ANY, ExpectedVersion.STREAM_EXISTS);

    private final EventLog log;
    private final V2Records records;
    private final List<EventLog.StreamAppend> appends = new ArrayList<>();
    private final Set<String> streams = new HashSet<>();

    AppendSessionCall(
            EventLog log, int maxRecordSize, int maxAppendSize, StreamObserver<AppendSessionResponse> responses) {
        super(responses);
        this.log = log;
        this.records = new V2Records(maxRecordSize, maxAppendSize);
    }

    @Override
    protected void accept(AppendRequest request) {
        validate(request);
        if (!streams.add(request.getStream().toLowerCase(Locale.ROOT))) {
            throw error(
                    Code.ABORTED,
                    "STREAM_ALREADY_IN_APPEND_SESSION",
                    "Stream " + request.getStream() + " is already in the append session",
                    StreamAlreadyInAppendSessionErrorDetails.newBuilder()
                            .setStream(request.getStream())
                            .build());
        }
        long expected = request.hasExpectedRevision() ? request.getExpectedRevision() : ExpectedVersion.ANY;
        List<ProposedEvent> events = new ArrayList<>();
        for (AppendRecord record : request.getRecordsList()) {
            events.add(records.proposed(request.getStream(), record));
        }
        appends.add(new EventLog.StreamAppend(request.getStream(), expected, events));
    }

    @Override
    protected void complete() {
        if (appends.isEmpty()) {
            throw RpcErrors.plainError(Code.FAILED_PRECONDITION, "The append session has no requests");
        }
        switch (log.appendAll(appends)) {
            case EventLog.MultiOutcome.Written written -> {
                AppendSessionResponse.Builder response = AppendSessionResponse.newBuilder();
                long position = -1;
                for (int i = 0; i < appends.size(); i++) {
                    response.addOutput(AppendResponse.newBuilder()
                            .setStream(appends.get(i).stream())
                            .setStreamRevision(written.streams().get(i).lastRevision()));
                    position = Math.max(position, written.streams().get(i).position());
                }
                responses.onNext(response.setPosition(position).build());
                responses.onCompleted();
            }
            case EventLog.MultiOutcome.Refused refused ->
                responses.onError(refusal(appends.get(refused.index()), refused.reason()));
        }
    }

    private static void validate(AppendRequest request) {
        if (request.getStream().isEmpty() || request.getStream().equals("$$")) {
            throw invalid("Stream name must not be empty");
        }
        if (request.getRecordsCount() == 0) {
            throw invalid("Stream append request must contain at least one record");
        }
        if (request.hasExpectedRevision()
                && request.getExpectedRevision() < 0
                && !EXPECTATIONS.contains(request.getExpectedRevision())) {
            throw invalid("Expected revision " + request.getExpectedRevision()
                    + " is not a revision, nor -1 (no stream), -2 (any) or -4 (exists)");
        }
    }

    private static StatusRuntimeException refusal(EventLog.StreamAppend append, WriteOutcome reason) {
        return switch (reason) {
            case WriteOutcome.WrongExpectedVersion conflict ->
                error(
                        Code.FAILED_PRECONDITION,
                        "STREAM_REVISION_CONFLICT",
                        "Append failed due to a revision conflict on stream '" + append.stream()
                                + "'. Expected revision: " + append.expected() + ". Actual revision: "
                                + conflict.currentRevision() + ".",
                        StreamRevisionConflictErrorDetails.newBuilder()
                                .setStream(append.stream())
                                .setExpectedRevision(append.expected())
                                .setActualRevision(conflict.currentRevision())
                                .build());
            // As 25.1 does: a deleted stream (hard deleted, or soft deleted where it must exist) is answered as
            // tombstoned.
            default ->
                error(
                        Code.FAILED_PRECONDITION,
                        "STREAM_TOMBSTONED",
                        "Stream '" + append.stream() + "' is tombstoned.",
                        StreamTombstonedErrorDetails.newBuilder()
                                .setStream(append.stream())
                                .build());
        };
    }

    private static StatusRuntimeException invalid(String message) {
        return RpcErrors.plainError(Code.INVALID_ARGUMENT, message);
    }

    private static StatusRuntimeException error(Code code, String reason, String message, Message details) {
        return RpcErrors.streamsError(code, reason, message, details);
    }
}
