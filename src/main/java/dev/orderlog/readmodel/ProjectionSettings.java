package dev.orderlog.readmodel;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How projections consume their persistent subscriptions. */
@ConfigMapping(prefix = "orderlog.projections")
public interface ProjectionSettings {

    /** Run the projections in this instance; several replicas share the work through the group. */
    @WithDefault("true")
    boolean enabled();

    /** At most this many events are applied in one transaction. */
    @WithDefault("1000")
    int batchSize();

    /** A batch waits at most this long to fill up. */
    @WithDefault("PT0.05S")
    Duration batchWait();

    /** Messages the server may have in flight to this consumer. */
    @WithDefault("2000")
    int bufferSize();

    /** How often the server redelivers a failing event before it parks it. */
    @WithDefault("5")
    int maxRetryCount();

    @WithDefault("PT30S")
    Duration messageTimeout();

    /** The longest pause between attempts to resubscribe, or to retry a batch while PostgreSQL is away. */
    @WithDefault("PT5S")
    Duration maxBackoff();
}
