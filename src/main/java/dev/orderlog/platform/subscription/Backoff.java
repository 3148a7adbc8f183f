package dev.orderlog.platform.subscription;

import java.time.Duration;

/** Doubling pauses from 100 ms up to a ceiling. */
final class Backoff {
    private static final Duration FIRST = Duration.ofMillis(100);
    private final Duration max;
    private Duration current = FIRST;

    Backoff(Duration max) {
        this.max = max;
    }

    Duration peek() {
        return current;
    }

    Duration next() {
        Duration pause = current;
        current = current.multipliedBy(2).compareTo(max) > 0 ? max : current.multipliedBy(2);
        return pause;
    }

    void reset() {
        current = FIRST;
    }
}
