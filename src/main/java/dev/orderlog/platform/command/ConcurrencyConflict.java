package dev.orderlog.platform.command;

/** The stream kept moving under us: retries ran out (409), or the caller's If-Match revision is stale (412). */
public final class ConcurrencyConflict extends RuntimeException {
    private final String stream;
    private final long currentRevision;
    private final ExpectedRevision expected;

    public ConcurrencyConflict(String stream, long currentRevision, ExpectedRevision expected, String message) {
        super(message);
        this.stream = stream;
        this.currentRevision = currentRevision;
        this.expected = expected;
    }

    public String stream() {
        return stream;
    }

    /** -1 when the stream does not exist. */
    public long currentRevision() {
        return currentRevision;
    }

    /** True when the caller named a revision (If-Match) and the stream is elsewhere. */
    public boolean preconditionFailed() {
        return expected.named();
    }
}
