package dev.orderlog.platform.subscription;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * A persistent subscription group's settings: applied when it is created, and updated when they differ. Defaults are
 * KurrentDB's, except more retries: the server counts a message that times out while its consumer waits out an outage
 * as a retry, so poison events are parked by the consumer instead (see {@link ConsumerSettings#parkAfter()}).
 */
public interface GroupSettings {

    /** Where a new group starts on {@code $all}. */
    enum StartFrom {
        /** Every event ever written: a read model sees the whole history. */
        START,
        /** Events written from the group's creation on: a process introduced into a running system acts on what is new. */
        END
    }

    @WithDefault("start")
    StartFrom startFrom();
    /** How often the server redelivers an event (after a nack or a timeout) before it parks it itself. */
    @WithDefault("100")
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
