package dev.orderlog.devservices.kurrentdb.persistent;

import dev.orderlog.devservices.kurrentdb.log.StoredEvent;

/**
 * Where a group sends one consumer what it has to say. The protocol layer implements it, so the engine knows no wire
 * format. Each method returns false once the consumer has gone, and is called under the group's lock, so messages to
 * one consumer never interleave.
 */
public interface ConsumerChannel {

    boolean confirm(String subscriptionId);

    /** An event, with the link it came through or its parked record ({@code link} may be null). */
    boolean deliver(StoredEvent event, StoredEvent link, int retryCount);

    /** Ends the consumer's call with a reason; the channel ignores a consumer that has already gone. */
    void end(GroupRefusal reason);
}
