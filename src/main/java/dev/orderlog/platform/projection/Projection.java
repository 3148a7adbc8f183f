package dev.orderlog.platform.projection;

import dev.orderlog.platform.subscription.BatchHandler;
import io.kurrent.dbclient.RecordedEvent;
import java.util.List;

/**
 * A read model as a fold into SQL: one event at a time, inside the transaction the runner opens, against the tables of
 * the schema the runner chose (the live one, or a rebuild's). The runner knows nothing else about it.
 */
public interface Projection {

    /** The projection's name, which is also its persistent subscription group. */
    String name();

    /** Which streams of {@code $all} it reads, as an anchored regex on the stream name. */
    String streamRegex();

    /** Its own tables, which a rebuild replaces without touching any other read model's. */
    ReadModelTables tables();

    /** Applies the event if it is the next one for its row, skips it if already applied, and says when it came early. */
    BatchHandler.Outcome apply(RecordedEvent event);

    /** Loads what a batch will touch in few queries before its events are applied one by one; optional. */
    default void prefetch(List<RecordedEvent> batch) {
    }
}
