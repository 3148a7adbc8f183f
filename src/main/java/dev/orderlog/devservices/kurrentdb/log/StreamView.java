package dev.orderlog.devservices.kurrentdb.log;

import java.time.Instant;

/**
 * Which revisions of a stream a read may see once {@code $tb}, {@code $maxCount} and {@code $maxAge} are applied.
 * Hidden events keep their revision numbers; only reads of this stream skip them.
 */
public sealed interface StreamView {

    record Missing() implements StreamView {}

    record Deleted() implements StreamView {}

    /** Visible revisions are {@code first..last}; {@code first > last} when everything is hidden but the stream exists. */
    record Visible(long first, long last) implements StreamView {}

    static StreamView of(StoredStream state, Instant now) {
        if (state == null) {
            return new Missing();
        }
        if (state.tombstoned) {
            return new Deleted();
        }
        long last = state.lastRevision();
        StreamLimits metadata = state.effectiveMetadata();
        if (last < 0 || metadata.softDeleted()) {
            return new Missing();
        }
        long first = 0;
        if (metadata.truncateBefore() != null) {
            first = Math.max(first, metadata.truncateBefore());
        }
        if (metadata.maxCount() != null) {
            first = Math.max(first, last - metadata.maxCount() + 1);
        }
        if (metadata.maxAgeSeconds() != null) {
            first = Math.max(first, firstYoungerThan(state, now.minusSeconds(metadata.maxAgeSeconds()), first, last));
        }
        return new Visible(first, last);
    }

    /** Events are stored in time order, so a binary search finds the first one created at or after the cut-off. */
    private static long firstYoungerThan(StoredStream state, Instant cutoff, long from, long to) {
        long cutoffTicks = cutoff.getEpochSecond() * 10_000_000L + cutoff.getNano() / 100;
        long low = from;
        long high = to + 1;
        while (low < high) {
            long mid = (low + high) >>> 1;
            if (state.events.get((int) mid).created() < cutoffTicks) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
