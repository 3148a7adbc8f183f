package dev.orderlog.platform.projection;

import dev.orderlog.platform.subscription.ConsumerReport;
import dev.orderlog.platform.subscription.Lag;

/** A projection as operators see it: its consumer in this instance, how far its group is behind, and what it parked. */
public record ProjectionStatus(String name, ConsumerReport consumer, Lag lag, long parked) {
    ProjectionStatus(String name, ConsumerReport consumer, Lag lag) {
        this(name, consumer, lag, lag.parked());
    }
}
