package dev.orderlog.devservices.kurrentdb.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The system keys of a stream's metadata that change what reads return. Like the server, unreadable metadata
 * counts as empty metadata. Other keys ({@code $cacheControl}, {@code $acl}, custom ones) only round-trip.
 */
public record StreamLimits(Long maxCount, Long maxAgeSeconds, Long truncateBefore) {

    static final StreamLimits EMPTY = new StreamLimits(null, null, null);
    /** A metadata stream behaves as if capped at one event. */
    static final StreamLimits OF_METADATA_STREAM = new StreamLimits(1L, null, null);
    /** {@code $tb} of a soft-deleted stream (EventNumber.DeletedStream). */
    static final long DELETED_STREAM = Long.MAX_VALUE;

    static final String MAX_COUNT = "$maxCount";
    static final String MAX_AGE = "$maxAge";
    static final String TRUNCATE_BEFORE = "$tb";

    private static final ObjectMapper JSON = new ObjectMapper();

    public static StreamLimits parse(byte[] json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                return EMPTY;
            }
            return new StreamLimits(
                    longOrNull(node, MAX_COUNT), longOrNull(node, MAX_AGE), longOrNull(node, TRUNCATE_BEFORE));
        } catch (java.io.IOException unreadable) {
            return EMPTY;
        }
    }

    public boolean softDeleted() {
        return truncateBefore != null && truncateBefore == DELETED_STREAM;
    }

    /** The metadata JSON with {@code $tb} set to the given revision and every other key kept. */
    public static byte[] withTruncateBefore(byte[] json, long revision) {
        ObjectNode node;
        try {
            JsonNode parsed = json.length == 0 ? null : JSON.readTree(json);
            node = parsed instanceof ObjectNode object ? object : JSON.createObjectNode();
        } catch (java.io.IOException unreadable) {
            node = JSON.createObjectNode();
        }
        node.put(TRUNCATE_BEFORE, revision);
        try {
            return JSON.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static Long longOrNull(JsonNode node, String key) {
        JsonNode value = node.get(key);
        return value != null && value.canConvertToLong() ? value.asLong() : null;
    }
}
