package dev.orderlog.devservices.kurrentdb.grpc;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.rpc.Code;
import dev.orderlog.devservices.kurrentdb.log.ProposedEvent;
import io.grpc.StatusRuntimeException;
import io.kurrentdb.protocol.v2.streams.AppendRecord;
import io.kurrentdb.protocol.v2.streams.SchemaFormat;
import io.kurrentdb.protocol.v2.streams.errors.AppendRecordSizeExceededErrorDetails;
import io.kurrentdb.protocol.v2.streams.errors.AppendTransactionSizeExceededErrorDetails;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The v2 protocol's records (AppendSession's and appendRecords') as the log keeps them, each checked against the
 * record limit and the running total against the append limit, as the server's StreamsService validates them.
 */
final class V2Records {
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-zA-Z0-9_.$:-]+");

    private final int maxRecordSize;
    private final int maxAppendSize;
    private long size;

    V2Records(int maxRecordSize, int maxAppendSize) {
        this.maxRecordSize = maxRecordSize;
        this.maxAppendSize = maxAppendSize;
    }

    /** The record as the log keeps it: type from the schema name, its properties as the metadata a v1 read shows. */
    ProposedEvent proposed(String stream, AppendRecord record) {
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

    static StatusRuntimeException invalid(String message) {
        return RpcErrors.plainError(Code.INVALID_ARGUMENT, message);
    }

    private static StatusRuntimeException error(
            Code code, String reason, String message, com.google.protobuf.Message details) {
        return RpcErrors.streamsError(code, reason, message, details);
    }
}
