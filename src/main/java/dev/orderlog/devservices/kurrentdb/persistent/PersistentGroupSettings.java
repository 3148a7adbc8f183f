package dev.orderlog.devservices.kurrentdb.persistent;

/**
 * The settings of a persistent subscription group, as the server keeps and reports them. Timeouts and intervals are in
 * milliseconds; {@code maxSubscriberCount} 0 means unbounded.
 */
public record PersistentGroupSettings(
        boolean resolveLinks,
        boolean extraStatistics,
        int messageTimeoutMs,
        int maxRetryCount,
        int liveBufferSize,
        int readBatchSize,
        int historyBufferSize,
        int checkpointAfterMs,
        int minCheckpointCount,
        int maxCheckpointCount,
        int maxSubscriberCount,
        String consumerStrategy) {

    public static final java.util.Set<String> STRATEGIES =
            java.util.Set.of("RoundRobin", "DispatchToSingle", "Pinned", "PinnedByCorrelation");

    /** Ticks (100 ns) as the older wire fields carry them, to milliseconds. */
    public static int ticksToMillis(long ticks) {
        return (int) Math.min(Integer.MAX_VALUE, ticks / 10_000);
    }
}
