package dev.orderlog.platform.subscription;

import io.kurrent.dbclient.RecordedEvent;
import java.util.List;

/** What a consumer feeds: a projection or a process manager. Knows its events; knows nothing of the subscription. */
public interface BatchHandler {

    /** What became of one event. */
    enum Outcome {
        /** Handled now. */
        APPLIED,
        /** Handled before: a redelivery. */
        DUPLICATE
    }

    /** Handles the batch as one unit (all or nothing), one outcome per event in order; throws when any event fails. */
    List<Outcome> handle(List<RecordedEvent> batch);

    /** True when the failure is the store's (away, restarting) rather than the events': the batch is then retried as it is. */
    boolean isTransient(RuntimeException failure);
}
