package dev.orderlog.platform.projection;

import io.kurrent.dbclient.RecordedEvent;
import java.util.List;

/**
 * A read model as a fold into SQL: one event at a time, inside the transaction the runner opens, against the tables of
 * the schema the runner chose (the live one, or a rebuild's). The runner knows nothing else about it.
 */
public interface Projection {

    /** What applying one event came to. */
    enum Outcome {
        /** It was the next event for its rows and is applied. */
        APPLIED,
        /** It was applied before: a redelivery, skipped. */
        DUPLICATE,
        /** An earlier event of its stream is not applied yet; nothing was written. */
        EARLY
    }

    /**
     * The one rule by which every projection admits an event: given the last revision its rows applied of the event's
     * stream (-1 for none), an event at or below it is a {@link Outcome#DUPLICATE}, one past the next is
     * {@link Outcome#EARLY}, and the next one is to be applied (empty).
     */
    static java.util.Optional<Outcome> outOfSequence(long lastApplied, long revision) {
        if (revision <= lastApplied) {
            return java.util.Optional.of(Outcome.DUPLICATE);
        }
        if (revision > lastApplied + 1) {
            return java.util.Optional.of(Outcome.EARLY);
        }
        return java.util.Optional.empty();
    }

    /** The projection's name, which is also its persistent subscription group. */
    String name();

    /** Which streams of {@code $all} it reads, as an anchored regex on the stream name. */
    String streamRegex();

    /** Its own tables, which a rebuild replaces without touching any other read model's. */
    ReadModelTables tables();

    /**
     * Applies the event if it is the next one for its rows, skips it if already applied, and says when it came early.
     * Rows it reads to decide must be locked for the transaction, so two consumers holding the same event (a
     * redelivery after a rebalance) apply it once.
     */
    Outcome apply(RecordedEvent event);

    /** Loads (and locks) what a batch will touch in few queries before its events are applied one by one; optional. */
    default void prefetch(List<RecordedEvent> batch) {}

    /** Writes what {@link #apply} gathered over the transaction (for example summed counters); called once before commit. */
    default void flush() {}
}
