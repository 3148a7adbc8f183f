package dev.orderlog.devservices.kurrentdb;

import io.kurrent.dbclient.Position;
import io.kurrent.dbclient.ResolvedEvent;
import io.kurrent.dbclient.Subscription;
import io.kurrent.dbclient.SubscriptionListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records everything a subscription delivers, in order, as short strings and events. */
final class RecordingListener extends SubscriptionListener {
    final List<ResolvedEvent> events = new CopyOnWriteArrayList<>();
    final List<String> signals = new CopyOnWriteArrayList<>();
    final List<Position> checkpoints = new CopyOnWriteArrayList<>();
    volatile Throwable cancelledWith;
    volatile boolean cancelled;
    volatile long delayMillisPerEvent;

    @Override
    public void onEvent(Subscription subscription, ResolvedEvent event) {
        events.add(event);
        signals.add("event:" + event.getOriginalEvent().getStreamId() + "@"
                + event.getOriginalEvent().getRevision());
        if (delayMillisPerEvent > 0) {
            try {
                Thread.sleep(delayMillisPerEvent);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void onConfirmation(Subscription subscription) {
        signals.add("confirmed");
    }

    @Override
    public void onCaughtUp(Subscription subscription, java.time.Instant timestamp, Long revision, Position position) {
        signals.add("caught-up:" + revision + ":" + position);
    }

    @Override
    public void onFellBehind(Subscription subscription, java.time.Instant timestamp, Long revision, Position position) {
        signals.add("fell-behind");
    }

    @Override
    public void onCancelled(Subscription subscription, Throwable exception) {
        cancelledWith = exception;
        cancelled = true;
    }

    List<Long> revisions() {
        return events.stream().map(e -> e.getOriginalEvent().getRevision()).toList();
    }

    long caughtUpCount() {
        return signals.stream().filter(s -> s.startsWith("caught-up")).count();
    }
}
