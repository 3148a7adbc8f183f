package dev.orderlog.platform.subscription;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a consumer is in its life. Only {@link #RUNNING} and {@link #STANDBY} are healthy. */
public enum ConsumerStatus {
    STARTING,
    RUNNING,
    /** The subscription dropped or could not be made; trying again with backoff. */
    RESUBSCRIBING,
    /**
     * Its group takes one subscriber at a time and another has it: this one waits to take over, asking every second.
     * As healthy as running.
     */
    STANDBY,
    /** The handler's store is away; the batch in hand is retried in place with backoff. */
    RETRYING_BATCH,
    STOPPED;

    /** How it reads in JSON and health data: {@code running}, {@code retrying-batch}. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean healthy() {
        return this == RUNNING || this == STANDBY;
    }
}
