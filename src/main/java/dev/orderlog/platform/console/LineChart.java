package dev.orderlog.platform.console;

import io.quarkus.qute.RawString;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A line chart drawn on the server as SVG, so the console needs no script or library for it: time across the last
 * {@link Samples#window()} (or what the samples cover so far), values up from zero, one line per series (a gap where a value was unknown), and a legend.
 * Colours come from console.css by series position; names are escaped.
 */
public final class LineChart {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 180;
    private static final int LEFT = 48;
    private static final int RIGHT = 8;
    private static final int TOP = 8;
    private static final int BOTTOM = 24;
    private static final int LEGEND_LINE = 18;

    private LineChart() {}

    /** The chart of {@code samples} up to {@code now}, titled {@code title}, its values in {@code unit}. */
    public static RawString of(String id, String title, String unit, Samples samples, Instant now) {
        Map<String, List<Samples.Point>> series = samples.all();
        Duration window = shown(series, samples.window(), now);
        double top = niceCeiling(series.values().stream()
                .flatMap(List::stream)
                .mapToDouble(Samples.Point::value)
                .filter(Double::isFinite)
                .max()
                .orElse(0));
        int legendHeight = LEGEND_LINE * Math.max(1, series.size());
        int height = HEIGHT + legendHeight;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" id=\"")
                .append(escape(id))
                .append("\" role=\"img\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(height)
                .append("\" aria-labelledby=\"")
                .append(escape(id))
                .append("-title\"><title id=\"")
                .append(escape(id))
                .append("-title\">")
                .append(escape(title))
                .append(" over the last ")
                .append(span(window))
                .append("</title>");
        axes(svg, top, unit, window);
        int index = 0;
        for (Map.Entry<String, List<Samples.Point>> line : series.entrySet()) {
            for (String points : segments(line.getValue(), top, window, now)) {
                svg.append("<polyline class=\"series-")
                        .append(index % 6)
                        .append("\" data-series=\"")
                        .append(escape(line.getKey()))
                        .append("\" points=\"")
                        .append(points)
                        .append("\"/>");
            }
            int y = HEIGHT + LEGEND_LINE * index + 12;
            svg.append("<line class=\"series-")
                    .append(index % 6)
                    .append("\" x1=\"")
                    .append(LEFT)
                    .append("\" y1=\"")
                    .append(y - 4)
                    .append("\" x2=\"")
                    .append(LEFT + 20)
                    .append("\" y2=\"")
                    .append(y - 4)
                    .append("\"/><text class=\"legend\" x=\"")
                    .append(LEFT + 26)
                    .append("\" y=\"")
                    .append(y)
                    .append("\">")
                    .append(escape(line.getKey()))
                    .append("</text>");
            index++;
        }
        if (series.isEmpty()) {
            svg.append("<text class=\"legend\" x=\"")
                    .append(LEFT)
                    .append("\" y=\"")
                    .append(HEIGHT + 12)
                    .append("\">No samples yet</text>");
        }
        return new RawString(svg.append("</svg>").toString());
    }

    private static void axes(StringBuilder svg, double top, String unit, Duration window) {
        int bottom = HEIGHT - BOTTOM;
        svg.append("<line class=\"axis\" x1=\"")
                .append(LEFT)
                .append("\" y1=\"")
                .append(TOP)
                .append("\" x2=\"")
                .append(LEFT)
                .append("\" y2=\"")
                .append(bottom)
                .append("\"/>");
        svg.append("<line class=\"axis\" x1=\"")
                .append(LEFT)
                .append("\" y1=\"")
                .append(bottom)
                .append("\" x2=\"")
                .append(WIDTH - RIGHT)
                .append("\" y2=\"")
                .append(bottom)
                .append("\"/>");
        svg.append("<text class=\"tick\" x=\"")
                .append(LEFT - 4)
                .append("\" y=\"")
                .append(TOP + 10)
                .append("\" text-anchor=\"end\">")
                .append(format(top))
                .append("</text>");
        svg.append("<text class=\"tick\" x=\"")
                .append(LEFT - 4)
                .append("\" y=\"")
                .append(bottom)
                .append("\" text-anchor=\"end\">0</text>");
        svg.append("<text class=\"tick\" x=\"")
                .append(LEFT + 4)
                .append("\" y=\"")
                .append(TOP + 10)
                .append("\">")
                .append(escape(unit))
                .append("</text>");
        svg.append("<text class=\"tick\" x=\"")
                .append(LEFT)
                .append("\" y=\"")
                .append(HEIGHT - 6)
                .append("\">−")
                .append(span(window))
                .append("</text>");
        svg.append("<text class=\"tick\" x=\"")
                .append(WIDTH - RIGHT)
                .append("\" y=\"")
                .append(HEIGHT - 6)
                .append("\" text-anchor=\"end\">now</text>");
    }

    /**
     * The time across: the samples' window, or less while they cover less (a fresh start), but at least a minute, so
     * that a chart fills its width from the first minutes on.
     */
    private static Duration shown(Map<String, List<Samples.Point>> series, Duration window, Instant now) {
        Duration covered = series.values().stream()
                .filter(points -> !points.isEmpty())
                .map(points -> Duration.between(points.getFirst().at(), now))
                .max(Duration::compareTo)
                .orElse(window);
        Duration atLeast = Duration.ofMinutes(1);
        return covered.compareTo(window) > 0 ? window : covered.compareTo(atLeast) < 0 ? atLeast : covered;
    }

    private static String span(Duration window) {
        long minutes = Math.round(window.toSeconds() / 60.0);
        return minutes == 1 ? "1 minute" : minutes + " minutes";
    }

    /** The polyline points of each run of known values. */
    private static List<String> segments(List<Samples.Point> points, double top, Duration window, Instant now) {
        List<String> segments = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (Samples.Point point : points) {
            if (!Double.isFinite(point.value())) {
                if (!current.isEmpty()) {
                    segments.add(current.toString().strip());
                    current.setLength(0);
                }
                continue;
            }
            double age = Duration.between(point.at(), now).toMillis() / (double) window.toMillis();
            double x = LEFT + (WIDTH - LEFT - RIGHT) * (1 - Math.min(1, Math.max(0, age)));
            double y = (HEIGHT - BOTTOM) - (HEIGHT - BOTTOM - TOP) * (top == 0 ? 0 : point.value() / top);
            current.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        if (!current.isEmpty()) {
            segments.add(current.toString().strip());
        }
        return segments;
    }

    /** The smallest of 1, 2 or 5 times a power of ten at or above {@code value}; 1 for nothing above zero. */
    static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
