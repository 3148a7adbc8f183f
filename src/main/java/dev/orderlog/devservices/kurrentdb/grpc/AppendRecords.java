package dev.orderlog.devservices.kurrentdb.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.WireFormat;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import dev.orderlog.devservices.kurrentdb.log.EventLog;
import dev.orderlog.devservices.kurrentdb.log.ExpectedVersion;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.kurrentdb.protocol.v2.streams.AppendRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * KurrentDB 26.1's {@code appendRecords}: records for several streams, interleaved, with consistency checks on streams
 * written or not, in one atomic write (src/KurrentDB.Api.V2/Modules/Streams). The 1.1.0 client jar predates its
 * messages, so this reads and writes them with protobuf's wire primitives, field by field as the clients' protos
 * number them (AppendRecordsRequest, ConsistencyCheck, AppendRecordsResponse, the consistency-violation details); an
 * AppendRecord is the jar's, its field 5 (the stream) read from the fields the jar does not know.
 */
final class AppendRecords {
    static final MethodDescriptor<byte[], byte[]> METHOD = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(
                    "kurrentdb.protocol.v2.streams.StreamsService", "AppendRecords"))
            .setRequestMarshaller(new Bytes())
            .setResponseMarshaller(new Bytes())
            .build();

    private static final int RECORD_STREAM_FIELD = 5;
    private static final Set<Long> CHECKABLE = Set.of(
            EventLog.StreamState.NOT_FOUND,
            ExpectedVersion.ANY,
            ExpectedVersion.STREAM_EXISTS,
            EventLog.StreamState.DELETED,
            EventLog.StreamState.TOMBSTONED);
    private static final String VIOLATION_DETAILS =
            "type.googleapis.com/kurrentdb.protocol.v2.streams.errors.AppendConsistencyViolationErrorDetails";

    private final EventLog log;
    private final int maxRecordSize;
    private final int maxAppendSize;

    AppendRecords(EventLog log, int maxRecordSize, int maxAppendSize) {
        this.log = log;
        this.maxRecordSize = maxRecordSize;
        this.maxAppendSize = maxAppendSize;
    }

    void handle(byte[] request, StreamObserver<byte[]> responses) {
        try {
            responses.onNext(append(request));
            responses.onCompleted();
        } catch (StatusRuntimeException refused) {
            responses.onError(refused);
        }
    }

    private byte[] append(byte[] request) {
        List<EventLog.StreamRecord> records = new ArrayList<>();
        List<EventLog.StateCheck> checks = new ArrayList<>();
        V2Records proposals = new V2Records(maxRecordSize, maxAppendSize);
        try {
            CodedInputStream in = CodedInputStream.newInstance(request);
            for (int tag; (tag = in.readTag()) != 0; ) {
                switch (lengthDelimitedField(tag)) {
                    case 1 -> {
                        AppendRecord record = AppendRecord.parseFrom(in.readBytes());
                        String stream = streamOf(record);
                        records.add(new EventLog.StreamRecord(stream, proposals.proposed(stream, record)));
                    }
                    case 2 -> checks.add(check(in.readBytes()));
                    default -> in.skipField(tag);
                }
            }
        } catch (InvalidProtocolBufferException unreadable) {
            throw V2Records.invalid("The append records request cannot be read: " + unreadable.getMessage());
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        if (records.isEmpty()) {
            throw V2Records.invalid("Append records request must contain at least one record.");
        }
        Set<String> checked = new HashSet<>();
        for (EventLog.StateCheck check : checks) {
            if (!checked.add(check.stream().toLowerCase(Locale.ROOT))) {
                throw V2Records.invalid("Stream '" + check.stream() + "' is checked more than once.");
            }
        }
        return switch (log.appendRecords(checks, records)) {
            case EventLog.RecordsOutcome.Written written -> response(written);
            case EventLog.RecordsOutcome.Violated violated -> throw violation(violated);
        };
    }

    private static String streamOf(AppendRecord record) {
        UnknownFieldSet.Field stream = record.getUnknownFields().getField(RECORD_STREAM_FIELD);
        String name = stream == null || stream.getLengthDelimitedList().isEmpty()
                ? ""
                : stream.getLengthDelimitedList().getLast().toStringUtf8();
        if (name.isEmpty() || name.equals("$$")) {
            throw V2Records.invalid("Each record needs a stream, and '" + name + "' is not one");
        }
        return name;
    }

    /** A ConsistencyCheck: its one kind, a StreamStateCheck (stream, expected state). */
    private static EventLog.StateCheck check(ByteString bytes) throws IOException {
        CodedInputStream in = bytes.newCodedInput();
        EventLog.StateCheck check = null;
        for (int tag; (tag = in.readTag()) != 0; ) {
            if (lengthDelimitedField(tag) == 1) {
                check = streamState(in.readBytes());
            } else {
                in.skipField(tag);
            }
        }
        if (check == null) {
            throw V2Records.invalid("A consistency check needs its type");
        }
        if (check.stream().isEmpty()) {
            throw V2Records.invalid("A consistency check needs a stream");
        }
        if (check.expectedState() < 0 && !CHECKABLE.contains(check.expectedState())) {
            throw V2Records.invalid("Expected state " + check.expectedState() + " of stream '" + check.stream()
                    + "' is not a revision, nor -1 (no stream), -2 (any), -4 (exists), -10 (deleted) or -100"
                    + " (tombstoned)");
        }
        return check;
    }

    private static EventLog.StateCheck streamState(ByteString bytes) throws IOException {
        CodedInputStream in = bytes.newCodedInput();
        String stream = "";
        long expected = 0;
        for (int tag; (tag = in.readTag()) != 0; ) {
            int field = WireFormat.getTagFieldNumber(tag);
            int wireType = WireFormat.getTagWireType(tag);
            if (field == 1 && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                stream = in.readStringRequireUtf8();
            } else if (field == 2 && wireType == WireFormat.WIRETYPE_VARINT) {
                expected = in.readSInt64();
            } else {
                in.skipField(tag);
            }
        }
        return new EventLog.StateCheck(stream, expected);
    }

    /** The field number of a length-delimited field (a message or a string); 0, so skipped, for any other wire type. */
    private static int lengthDelimitedField(int tag) {
        return WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED
                ? WireFormat.getTagFieldNumber(tag)
                : 0;
    }

    /** AppendRecordsResponse: each written stream's revision, then the commit position. */
    private static byte[] response(EventLog.RecordsOutcome.Written written) {
        return encode(out -> {
                    for (EventLog.StreamRevision revision : written.revisions()) {
                        out.writeBytes(1, encode(entry -> {
                            entry.writeString(1, revision.stream());
                            entry.writeSInt64(2, revision.revision());
                        }));
                    }
                    out.writeSInt64(2, written.position());
                })
                .toByteArray();
    }

    /** STREAMS_ERROR_APPEND_CONSISTENCY_VIOLATION, naming every check that failed. */
    private static StatusRuntimeException violation(EventLog.RecordsOutcome.Violated violated) {
        ByteString details = encode(out -> {
            for (EventLog.Violation violation : violated.violations()) {
                out.writeBytes(1, encode(entry -> {
                    entry.writeInt32(1, violation.slot());
                    entry.writeBytes(2, encode(state -> {
                        state.writeString(1, violation.stream());
                        state.writeSInt64(2, violation.expectedState());
                        state.writeSInt64(3, violation.actualState());
                    }));
                }));
            }
        });
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Code.FAILED_PRECONDITION_VALUE)
                .setMessage("Append failed: " + violated.violations().size() + " consistency check(s) did not hold")
                .addDetails(Any.pack(ErrorInfo.newBuilder()
                        .setReason("APPEND_CONSISTENCY_VIOLATION")
                        .setDomain("streams")
                        .build()))
                .addDetails(Any.newBuilder().setTypeUrl(VIOLATION_DETAILS).setValue(details))
                .build());
    }

    private interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    private static ByteString encode(Fields fields) {
        ByteString.Output bytes = ByteString.newOutput();
        try {
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            fields.write(out);
            out.flush();
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteString();
    }

    /** The messages travel as their bytes: they are read and written field by field above. */
    private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException unreadable) {
                throw new UncheckedIOException(unreadable);
            }
        }
    }
}
