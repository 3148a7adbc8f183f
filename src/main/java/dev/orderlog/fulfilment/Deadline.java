package dev.orderlog.fulfilment;

import java.time.Instant;

/** A point in time by which a step must have happened; stored with the instance, fired by the deadline poller. */
public record Deadline(Kind kind, Instant dueAt) {

    public enum Kind {
        PAYMENT,
        SHIPMENT
    }
}
