package dev.orderlog.devservices.kurrentdb.log;

import java.time.Duration;

/** When an append to a log kept on disk is there for good: before it is answered either way. */
public sealed interface FsyncPolicy {

    /** Forced to disk before every append is answered. */
    record EveryAppend() implements FsyncPolicy {}

    /** Forced by a flusher every {@code interval}; an append is answered once a flush covers it (group commit). */
    record Batched(Duration interval) implements FsyncPolicy {
        public Batched {
            if (interval.toMillis() < 1) {
                throw new IllegalArgumentException("A batched fsync's interval is at least 1 ms, not " + interval);
            }
        }
    }

    /** {@code every}, or {@code batched} with an optional interval in milliseconds ({@code batched:5}; 2 by default). */
    static FsyncPolicy parse(String text) {
        if (text.equals("every")) {
            return new EveryAppend();
        }
        if (text.equals("batched") || text.startsWith("batched:")) {
            return new Batched(
                    Duration.ofMillis(text.contains(":") ? Long.parseLong(text.substring(text.indexOf(':') + 1)) : 2));
        }
        throw new IllegalArgumentException("fsync is 'every' or 'batched[:millis]', not " + text);
    }
}
