package dev.orderlog.devservices.kurrentdb.grpc;

import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
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
import io.kurrentdb.protocol.v2.streams.SchemaFormat;
import io.kurrentdb.protocol.v2.streams.errors.AppendRecordSizeExceededErrorDetails;
import io.kurrentdb.protocol.v2.streams.errors.AppendTransactionSizeExceededErrorDetails;
import io.kurrentdb.protocol.v2.streams.errors.StreamAlreadyInAppendSessionErrorDetails;
import io.kurrentdb.protocol.v2.streams.errors.StreamRevisionConflictErrorDetails;
import io.kurrentdb.protocol.v2.streams.errors.StreamTombstonedErrorDetails;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One AppendSession (v2, KurrentDB 25.1): an append request per stream, written together when the client half-closes,
 * all or nothing. Validation and errors follow the server's StreamsService (src/KurrentDB.Api.V2/Modules/Streams): a
 * request is checked as it arrives, a record's size and the session's running size against the limits, and the
 * errors are a google.rpc.Status carrying an ErrorInfo and the streams error's details.
 */
final class AppendSessionCall extends ClientStreamingCall<AppendRequest, AppendSessionResponse> {
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-zA-Z0-9_.$:-]+");
    private static final Set<Long> EXPECTATIONS =
            Set.of(ExpectedVersion.NO_STREAM, ExpectedVersion.ANY, ExpectedVersion.STREAM_EXISTS);

    private final EventLog log;
    private final int maxRecordSize;
    private final int maxAppendSize;
    private final List<EventLog.StreamAppend> appends = new ArrayList<>();
    private final Set<String> streams = new HashSet<>();
    private long size;

    AppendSessionCall(
            EventLog log, int maxRecordSize, int maxAppendSize, StreamObserver<AppendSessionResponse> responses) {
        super(responses);
        this.log = log;
        this.maxRecordSize = maxRecordSize;
        this.maxAppendSize = maxAppendSize;
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
            events.add(proposed(request.getStream(), record));
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

    /** The record as the log keeps it: type from the schema name, its properties as the metadata a v1 read shows. */
    private ProposedEvent proposed(String stream, AppendRecord record) {
        String recordId =
                record.hasRecordId() ? record.getRecordId() : UUID.randomUUID().toString();
        UUID id;
        try {
            id = UUID.fromString(recordId);
        } catch (IllegalArgumentException notAnId) {
            throw invalid("Record id '" + recordId + "' is not a UUID");
        }
        SchemaFormat format = record.getSchema().getFormat();
        if (format == SchemaFormat.SCHEMA_FORMAT_UNSPECIFIED || format == SchemaFormat.UNRECOGNIZED) {
            throw invalid("Record " + recordId + " has no schema format");
        }
        String type = record.getSchema().getName();
        if (!SCHEMA_NAME.matcher(type).matches()) {
            throw invalid("Record " + recordId + " has no valid schema name");
        }
        Map<String, Value> properties = new LinkedHashMap<>(record.getPropertiesMap());
        if (format != SchemaFormat.SCHEMA_FORMAT_JSON) {
            properties.put(
                    "$schema.format",
                    Value.newBuilder().setStringValue(formatName(format)).build());
        }
        if (record.getSchema().hasId()) {
            properties.put(
                    "$schema.id",
                    Value.newBuilder()
                            .setStringValue(record.getSchema().getId())
                            .build());
        }
        long recordSize = record.getData().size()
                + Struct.newBuilder().putAllFields(properties).build().getSerializedSize()
                + type.getBytes(StandardCharsets.UTF_8).length;
        if (recordSize > maxRecordSize) {
            throw error(
                    Code.INVALID_ARGUMENT,
                    "APPEND_RECORD_SIZE_EXCEEDED",
                    "Record " + recordId + " is " + recordSize + " bytes, over " + maxRecordSize,
                    AppendRecordSizeExceededErrorDetails.newBuilder()
                            .setStream(stream)
                            .setRecordId(recordId)
                            .setSize((int) recordSize)
                            .setMaxSize(maxRecordSize)
                            .build());
        }
        size += recordSize;
        if (size > maxAppendSize) {
            throw error(
                    Code.ABORTED,
                    "APPEND_TRANSACTION_SIZE_EXCEEDED",
                    "The append session is " + size + " bytes, over " + maxAppendSize,
                    AppendTransactionSizeExceededErrorDetails.newBuilder()
                            .setSize((int) size)
                            .setMaxSize(maxAppendSize)
                            .build());
        }
        return new ProposedEvent(
                id,
                type,
                format == SchemaFormat.SCHEMA_FORMAT_JSON,
                record.getData().toByteArray(),
                RecordProperties.asMetadata(properties, type, format));
    }

    /** The server's C# enum names: Json, Protobuf, Avro, Bytes. */
    private static String formatName(SchemaFormat format) {
        String name = format.name().substring("SCHEMA_FORMAT_".length());
        return name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
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
