package dev.orderlog.platform.subscription;

/**
 * How far a consumer is behind: events its group holds back from it (waiting, retried or in flight) plus those
 * received and not yet handled, and the age of the last event it handled while any are waiting; parked events apart.
 * {@code known} is false when KurrentDB did not answer.
 */
public record Lag(boolean known, long events, double seconds, long parked) {
    static final Lag UNKNOWN = new Lag(false, 0, 0, 0);
}
