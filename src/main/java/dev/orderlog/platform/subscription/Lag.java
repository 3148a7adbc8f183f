package dev.orderlog.platform.subscription;

import java.util.function.ToDoubleFunction;

/**
 * How far a consumer is behind: events its group holds back from it (waiting, retried or in flight) plus those
 * received and not yet handled, and {@code seconds}, the age of the oldest of them; parked events apart. {@code known}
 * is false when KurrentDB did not answer.
 */
public record Lag(boolean known, long events, double seconds, long parked) {
    static final Lag UNKNOWN = new Lag(false, 0, 0, 0);

    /** A figure of it for a gauge: NaN when KurrentDB did not answer, so a scrape shows a gap rather than a false 0. */
    public double orNaN(ToDoubleFunction<Lag> figure) {
        return known ? figure.applyAsDouble(this) : Double.NaN;
    }
}
