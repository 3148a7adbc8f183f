package dev.orderlog.platform.console;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recent values of a few named series, sampled by this instance, for the console's charts: each keeps what falls
 * within {@code window} of its newest sample. Kept in memory, so a restart starts them afresh.
 */
public final class Samples {
    /** One value of a series at one time; NaN where it was not known. */
    public record Point(Instant at, double value) {}

    private final Duration window;
    private final Map<String, Deque<Point>> series = new LinkedHashMap<>();

    public Samples(Duration window) {
        this.window = window;
    }

    public Duration window() {
        return window;
    }

    public synchronized void add(String name, Instant at, double value) {
        Deque<Point> points = series.computeIfAbsent(name, ignored -> new ArrayDeque<>());
        points.addLast(new Point(at, value));
        while (points.getFirst().at().isBefore(at.minus(window))) {
            points.removeFirst();
        }
    }

    /** Every series, in the order they were first sampled, oldest point first. */
    public synchronized Map<String, List<Point>> all() {
        Map<String, List<Point>> copy = new LinkedHashMap<>();
        series.forEach((name, points) -> copy.put(name, new ArrayList<>(points)));
        return copy;
    }
}
