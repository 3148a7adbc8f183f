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

    /**
     * Messages the server may have in flight to this consumer: several batches, so delivery goes on while a batch is
     * in its transaction.
     */
    @WithDefault("4000")
    int bufferSize();

    /** The persistent subscription group's settings: applied when it is created, and updated when they differ. */
    Group group();

    /** The longest pause between attempts to resubscribe, or to retry a batch while PostgreSQL is away. */
    @WithDefault("PT5S")
    Duration maxBackoff();

    /** Defaults are KurrentDB's, except fewer retries before a poison event is parked. */
    interface Group {
        /** How often the server redelivers a failing event before it parks it. */
        @WithDefault("5")
        int maxRetryCount();

        /** An event not acked within this time is redelivered. */
        @WithDefault("PT30S")
        Duration messageTimeout();

        /** How often the server considers writing a checkpoint of the group's position. */
        @WithDefault("PT2S")
        Duration checkpointAfter();

        /** Events done since the last checkpoint before a timed one is written. */
        @WithDefault("10")
        int checkpointLowerBound();

        /** Events done since the last checkpoint that force one at once. */
        @WithDefault("1000")
        int checkpointUpperBound();

        /** Live events the server keeps in memory for the group. */
        @WithDefault("500")
        int liveBufferSize();

        /** Events the server reads at a time while the group catches up. */
        @WithDefault("20")
        int readBatchSize();

        /** Events read ahead while catching up. */
        @WithDefault("500")
        int historyBufferSize();

        /** Consumers the group accepts; 0 for no limit. */
        @WithDefault("0")
        int maxSubscriberCount();
    }
}
