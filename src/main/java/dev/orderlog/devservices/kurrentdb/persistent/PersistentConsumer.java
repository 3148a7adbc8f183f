package dev.orderlog.devservices.kurrentdb.persistent;

import dev.orderlog.devservices.kurrentdb.log.StoredEvent;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/** One connected consumer of a group: its channel, its in-flight messages (bounded by the buffer size it asked for). */
public final class PersistentConsumer {
    /** Who is connected, as GetInfo reports it. */
    public record Identity(String from, String username, String connectionName) {}

    final Identity identity;
    final int bufferSize;
    final Set<UUID> inFlight = new LinkedHashSet<>();
    final LatencyWindow latency = new LatencyWindow();
    private final ConsumerChannel channel;
    long totalItems;
    private boolean closed;

    public PersistentConsumer(ConsumerChannel channel, int bufferSize, Identity identity) {
        this.channel = channel;
        this.bufferSize = bufferSize;
        this.identity = identity;
    }

    int availableSlots() {
        return Math.max(0, bufferSize - inFlight.size());
    }

    void confirm(String subscriptionId) {
        if (!closed && !channel.confirm(subscriptionId)) {
            closed = true;
        }
    }

    void deliver(StoredEvent event, StoredEvent link, int retryCount) {
        if (closed) {
            return;
        }
        if (channel.deliver(event, link, retryCount)) {
            totalItems++;
        } else {
            closed = true;
        }
    }

    void end(GroupRefusal reason) {
        if (!closed) {
            closed = true;
            channel.end(reason);
        }
    }

    void markClosed() {
        closed = true;
    }
}
