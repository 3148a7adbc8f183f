package dev.orderlog.platform.subscription;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How a consumer takes its events from its group; each feature maps these under its own configuration prefix. */
public interface ConsumerSettings {

    /** At most this many events are handled together. */
    @WithDefault("1000")
    int batchSize();

    /** A batch waits at most this long to fill up. */
    @WithDefault("PT0.05S")
    Duration batchWait();

    /** Messages the server may have in flight to this consumer: several batches, so delivery goes on while one is handled. */
    @WithDefault("4000")
    int bufferSize();

    /** The longest pause between attempts to resubscribe, or to retry a batch while its store is away. */
    @WithDefault("PT5S")
    Duration maxBackoff();

    /** Deliveries of an event that fails on its own (not for a store that is away) before the consumer parks it. */
    @WithDefault("5")
    int parkAfter();

    /** The persistent subscription group's settings. */
    GroupSettings group();
}
