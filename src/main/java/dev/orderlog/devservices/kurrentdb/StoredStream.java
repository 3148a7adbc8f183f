package dev.orderlog.devservices.kurrentdb;

/** The events of one stream, indexed by revision, and what the server knows about the stream itself. */
final class StoredStream {
    static final String METADATA_PREFIX = "$$";

    final String name;
    final AppendOnlyList<StoredEvent> events = new AppendOnlyList<>();
    volatile boolean tombstoned;
    /** Parsed from the newest event of {@code $$name}; unused for metadata streams themselves. */
    volatile StreamMetadata metadata = StreamMetadata.EMPTY;

    volatile byte[] rawMetadata = new byte[0];

    StoredStream(String name) {
        this.name = name;
    }

    /** The last revision, or -1 when the stream has no event. */
    long lastRevision() {
        return events.size() - 1L;
    }

    boolean isMetadataStream() {
        return name.startsWith(METADATA_PREFIX);
    }

    StreamMetadata effectiveMetadata() {
        return isMetadataStream() ? StreamMetadata.OF_METADATA_STREAM : metadata;
    }

    static String metadataStreamOf(String stream) {
        return METADATA_PREFIX + stream;
    }
}
