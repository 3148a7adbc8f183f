package dev.orderlog.devservices.kurrentdb.persistent;

import java.util.List;

/** What GetInfo and List report about a group at one moment. Positions are formatted as the server formats them. */
public record GroupStatistics(
        String status,
        List<Connection> connections,
        int averagePerSecond,
        long totalItems,
        String lastCheckpointedPosition,
        String lastKnownPosition,
        long liveBufferCount,
        int retryBufferCount,
        int inFlight,
        long parkedCount) {

    public record Connection(
            String from, String username, String connectionName, long totalItems, int availableSlots, int inFlight) {}
}
