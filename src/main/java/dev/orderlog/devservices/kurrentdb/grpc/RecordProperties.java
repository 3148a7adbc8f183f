package dev.orderlog.devservices.kurrentdb.grpc;

import com.google.protobuf.Value;
import io.kurrentdb.protocol.v2.streams.SchemaFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A v2 record's properties as the metadata a v1 read shows (server EventRecord.cs): the properties as a JSON object,
 * then {@code $schema.name}, and {@code $schema.format: "Json"} for JSON records, written the way the server's JSON
 * formatter writes them ({@code { "key": "value" }}).
 */
final class RecordProperties {
    private RecordProperties() {}

    static byte[] asMetadata(Map<String, Value> properties, String type, SchemaFormat format) {
        List<String> fields = new ArrayList<>();
        properties.forEach((key, value) -> fields.add(quoted(key) + ": " + render(value)));
        fields.add(quoted("$schema.name") + ": " + quoted(type));
        if (format == SchemaFormat.SCHEMA_FORMAT_JSON) {
            fields.add(quoted("$schema.format") + ": " + quoted("Json"));
        }
        return ("{ " + String.join(", ", fields) + " }").getBytes(StandardCharsets.UTF_8);
    }

    private static String render(Value value) {
        return switch (value.getKindCase()) {
            case STRING_VALUE -> quoted(value.getStringValue());
            case NUMBER_VALUE ->
                value.getNumberValue() == Math.rint(value.getNumberValue())
                                && !Double.isInfinite(value.getNumberValue())
                        ? Long.toString((long) value.getNumberValue())
                        : Double.toString(value.getNumberValue());
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case NULL_VALUE, KIND_NOT_SET -> "null";
            case STRUCT_VALUE ->
                "{ "
                        + String.join(
                                ", ",
                                value.getStructValue().getFieldsMap().entrySet().stream()
                                        .map(field -> quoted(field.getKey()) + ": " + render(field.getValue()))
                                        .toList())
                        + " }";
            case LIST_VALUE ->
                "[ "
                        + String.join(
                                ", ",
                                value.getListValue().getValuesList().stream()
                                        .map(RecordProperties::render)
                                        .toList())
                        + " ]";
        };
    }

    private static String quoted(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
