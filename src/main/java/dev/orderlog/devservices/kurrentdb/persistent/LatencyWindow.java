package dev.orderlog.devservices.kurrentdb.persistent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A consumer's latest message latencies, from push to ack or nack, for a group with extra statistics: the last 1 000
 * in whole milliseconds, summarised under KurrentDB's keys (RequestStatistics.cs).
 */
final class LatencyWindow {
    static final int SIZE = 1000;

    private final Map<UUID, Long> started = new HashMap<>();
    private final ArrayDeque<Long> millis = new ArrayDeque<>(SIZE);

    void start(UUID id) {
        started.put(id, System.nanoTime());
    }

    void end(UUID id) {
        Long start = started.remove(id);
        if (start == null) {
            return;
        }
        if (millis.size() >= SIZE) {
            millis.removeFirst();
        }
        millis.addLast((System.nanoTime() - start) / 1_000_000);
    }

    /** Empty until a message has been settled. */
    List<GroupStatistics.Measurement> measurements() {
        if (millis.isEmpty()) {
            return List.of();
        }
        long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
        List<GroupStatistics.Measurement> summary = new ArrayList<>();
        summary.add(
                new GroupStatistics.Measurement("Mean", Arrays.stream(sorted).sum() / sorted.length));
        summary.add(new GroupStatistics.Measurement("Median", sorted[sorted.length / 2]));
        summary.add(new GroupStatistics.Measurement("Fastest", sorted[0]));
        for (int i = 0; i < 5; i++) {
            summary.add(new GroupStatistics.Measurement("Quintile " + (i + 1), sorted[at(i * 200, sorted.length)]));
        }
        summary.add(new GroupStatistics.Measurement("90%", sorted[at(900, sorted.length)]));
        summary.add(new GroupStatistics.Measurement("95%", sorted[at(950, sorted.length)]));
        summary.add(new GroupStatistics.Measurement("99%", sorted[at(990, sorted.length)]));
        summary.add(new GroupStatistics.Measurement("99.5%", sorted[at(995, sorted.length)]));
        summary.add(new GroupStatistics.Measurement("99.9%", sorted[at(999, sorted.length)]));
        summary.add(new GroupStatistics.Measurement("Highest", sorted[sorted.length - 1]));
        return summary;
    }

    /** The index of a percentile (in tenths) as the server takes it: exact, truncated, and never past the last. */
    private static int at(int tenthsOfAPercent, int size) {
        int index = (int) ((long) tenthsOfAPercent * size / 1000);
        return index == size ? index - 1 : index;
    }
}
