package dev.orderlog.devservices.kurrentdb.log;

/** The events of one stream, indexed by revision, and what the server knows about the stream itself. */
public final class StoredStream {
    public static final String METADATA_PREFIX = "$$";

    final String name;
    public final AppendOnlyList<StoredEvent> events = new AppendOnlyList<>();
    public volatile boolean tombstoned;
    /** Parsed from the newest event of {@code $$name}; unused for metadata streams themselves. */
    volatile StreamLimits metadata = StreamLimits.EMPTY;

    volatile byte[] rawMetadata = new byte[0];

    StoredStream(String name) {
        this.name = name;
    }

    /** The last revision, or -1 when the stream has no event. */
    public long lastRevision() {
        return events.size() - 1L;
    }

    /** Its metadata's limits ($tb, $maxCount, $maxAge) as set now. */
    public StreamLimits limits() {
        return effectiveMetadata();
    }

    boolean isMetadataStream() {
        return name.startsWith(METADATA_PREFIX);
    }

    StreamLimits effectiveMetadata() {
        return isMetadataStream() ? StreamLimits.OF_METADATA_STREAM : metadata;
    }

    public static String metadataStreamOf(String stream) {
        return METADATA_PREFIX + stream;
    }
}
