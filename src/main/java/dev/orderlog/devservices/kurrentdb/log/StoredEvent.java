package dev.orderlog.devservices.kurrentdb.log;

import java.util.UUID;

/**
 * One committed record of the log. {@code created} is in 100 ns ticks since the Unix epoch, as the server
 * reports it. The server keeps only whether the content type was JSON, so that is all this keeps too.
 */
public record StoredEvent(
        UUID id,
        String stream,
        long revision,
        long position,
        String type,
        boolean json,
        long created,
        byte[] data,
        byte[] metadata) {

    public static final String JSON = "application/json";
    static final String OCTET_STREAM = "application/octet-stream";

    public String contentType() {
        return json ? JSON : OCTET_STREAM;
    }

    /** The size the server charges against its maximum append size (Event.SizeOnDisk). */
    public static int sizeOnDisk(String type, byte[] data, byte[] metadata) {
        return data.length + metadata.length + type.length() * 2;
    }
}
