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

    /** What a consumer does with a batch whose store stays away longer than the group's message timeout. */
    enum WhenStuck {
        /**
         * Handle each event alone, so only an event that fails on its own is retried by the server, and the rest flow
         * on: right where each event is applied by its own revision (a projection, a process).
         */
        HANDLE_EACH_ALONE,
        /**
         * Keep retrying the batch in place, however long: right where the order of events is what is delivered (a
         * publisher), since handling them apart would let later events pass earlier ones.
         */
        KEEP_RETRYING_IN_ORDER
    }

    default WhenStuck whenStuck() {
        return WhenStuck.HANDLE_EACH_ALONE;
    }

    /** Releases what the handler holds (a producer, say) once its consumer has stopped for good. */
    default void close() {}
}
