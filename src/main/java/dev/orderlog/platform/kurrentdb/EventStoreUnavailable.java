package dev.orderlog.platform.kurrentdb;

/** KurrentDB could not be reached or failed; the command did nothing that can be relied on and may be retried. */
public final class EventStoreUnavailable extends RuntimeException {
    public EventStoreUnavailable(String stream, Throwable cause) {
        super("KurrentDB failed on " + stream + ": " + cause, cause);
    }
}
