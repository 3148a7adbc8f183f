package dev.orderlog.devservices.kurrentdb;

import io.kurrent.dbclient.NackAction;
import io.kurrent.dbclient.PersistentSubscription;
import io.kurrent.dbclient.PersistentSubscriptionListener;
import io.kurrent.dbclient.ResolvedEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/** A persistent-subscription consumer that records deliveries and answers each as its policy says. */
final class PersistentRecorder extends PersistentSubscriptionListener {
    enum Answer {
        ACK,
        NACK_RETRY,
        NACK_PARK,
        NACK_SKIP,
        NOTHING
    }

    record Delivery(String stream, long revision, int retryCount, boolean viaLink) {}

    final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    volatile boolean confirmed;
    volatile Throwable cancelledWith;
    volatile boolean cancelled;
    private final BiFunction<ResolvedEvent, Integer, Answer> policy;

    PersistentRecorder(BiFunction<ResolvedEvent, Integer, Answer> policy) {
        this.policy = policy;
    }

    static PersistentRecorder acking() {
        return new PersistentRecorder((event, retry) -> Answer.ACK);
    }

    @Override
    public void onConfirmation(PersistentSubscription subscription) {
        confirmed = true;
    }

    @Override
    public void onEvent(PersistentSubscription subscription, int retryCount, ResolvedEvent event) {
        deliveries.add(new Delivery(
                event.getEvent().getStreamId(), event.getEvent().getRevision(), retryCount, event.getLink() != null));
        switch (policy.apply(event, retryCount)) {
            case ACK -> subscription.ack(event);
            case NACK_RETRY -> subscription.nack(NackAction.Retry, "try again", event);
            case NACK_PARK -> subscription.nack(NackAction.Park, "poison", event);
            case NACK_SKIP -> subscription.nack(NackAction.Skip, "not for us", event);
            case NOTHING -> {}
        }
    }

    @Override
    public void onCancelled(PersistentSubscription subscription, Throwable exception) {
        cancelledWith = exception;
        cancelled = true;
    }

    List<Long> revisions() {
        return deliveries.stream().map(Delivery::revision).toList();
    }
}
