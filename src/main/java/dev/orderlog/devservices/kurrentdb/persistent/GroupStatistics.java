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

    /** {@code observed}: the latency summary of a group with extra statistics, else empty. */
    public record Connection(
            String from,
            String username,
            String connectionName,
            long totalItems,
            int availableSlots,
            int inFlight,
            List<Measurement> observed) {}

    /** One figure of a latency summary, in milliseconds, under KurrentDB's key ("Mean", "90%", "Highest"). */
    public record Measurement(String key, long value) {}
}
