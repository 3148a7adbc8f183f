package dev.orderlog.readmodel;

import io.kurrent.dbclient.RecordedEvent;

/**
 * A read model as a fold into SQL: one event at a time, inside the transaction the runner opens. The runner knows
 * nothing else about it.
 */
public interface Projection {

    enum Outcome { APPLIED, DUPLICATE, EARLY }

    /** The projection's name, which is also its persistent subscription group. */
    String name();

    /** Which streams of {@code $all} it reads, as a regex on the stream name. */
    String streamRegex();

    /** Applies the event if it is the next one for its row, skips it if already applied, and says when it came early. */
    Outcome apply(RecordedEvent event);

    /** Loads what a batch will touch in few queries before its events are applied one by one; optional. */
    default void prefetch(java.util.List<RecordedEvent> batch) {
    }
}
