package dev.orderlog.readmodel;

import io.kurrent.dbclient.CreatePersistentSubscriptionToAllOptions;
import io.kurrent.dbclient.KurrentDBPersistentSubscriptionsClient;
import io.kurrent.dbclient.NackAction;
import io.kurrent.dbclient.NamedConsumerStrategy;
import io.kurrent.dbclient.PersistentSubscription;
import io.kurrent.dbclient.PersistentSubscriptionListener;
import io.kurrent.dbclient.PersistentSubscriptionSettings;
import io.kurrent.dbclient.RecordedEvent;
import io.kurrent.dbclient.ResolvedEvent;
import io.kurrent.dbclient.SubscribePersistentSubscriptionOptions;
import io.kurrent.dbclient.SubscriptionFilter;
import io.kurrent.dbclient.UpdatePersistentSubscriptionToAllOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs one projection from its persistent subscription group: batches deliveries into one transaction, acks after
 * commit, retries in place while PostgreSQL is away, lets events that fail on their own be retried by the server until
 * it parks them, and re-subscribes when the subscription drops. Knows nothing of the read model it feeds.
 */
public final class ProjectionWorker {
    private static final Logger LOG = Logger.getLogger(ProjectionWorker.class);
    private static final long BATCH_NAP_NANOS = 1_000_000;

    private record Delivery(PersistentSubscription subscription, ResolvedEvent event, int retryCount) {
        RecordedEvent recorded() {
            return event.getEvent();
        }
    }

    /** What operators see of a worker. */
    public record State(String status, long applied, long skipped, String lastStream, long lastRevision, Instant lastRecordedAt, int queued,
                        boolean groupEnsured) {
    }

    private final Projection projection;
    private final KurrentDBPersistentSubscriptionsClient subscriptions;
    private final ProjectionSettings settings;
    private final MeterRegistry metrics;
    private final BlockingQueue<Delivery> queue = new LinkedBlockingQueue<>();
    private volatile boolean stopping;
    private volatile boolean paused;
    private volatile boolean processing;
    private volatile PersistentSubscription subscription;
    private volatile String status = "starting";
    private volatile long applied;
    private volatile long skipped;
    private volatile RecordedEvent last;
    private volatile boolean groupEnsured;
    private Thread thread;

    ProjectionWorker(Projection projection, KurrentDBPersistentSubscriptionsClient subscriptions, ProjectionSettings settings, MeterRegistry metrics) {
        this.projection = projection;
        this.subscriptions = subscriptions;
        this.settings = settings;
        this.metrics = metrics;
    }

    void start() {
        thread = Thread.ofPlatform().name("projection-" + projection.name()).daemon().start(this::run);
    }

    /** Stops taking events, finishes and acks the batch in hand, then leaves the group. */
    void stop() throws InterruptedException {
        stopping = true;
        if (thread != null) {
            thread.join(Duration.ofSeconds(30));
        }
        PersistentSubscription current = subscription;
        if (current != null) {
            current.stop();
        }
        status = "stopped";
        LOG.infof("Projection %s stopped after settling its last batch (%d applied in all); %d received events left for redelivery",
                projection.name(), applied, queue.size());
    }

    /** Holds new batches and waits for the one in hand, so a rebuild can swap tables under a quiet writer. */
    void pause(boolean value) throws InterruptedException {
        paused = value;
        while (value && processing) {
            Thread.sleep(5);
        }
    }

    State state() {
        RecordedEvent seen = last;
        return new State(status, applied, skipped, seen == null ? null : seen.getStreamId(), seen == null ? -1 : seen.getRevision(),
                seen == null ? null : seen.getCreated(), queue.size(), groupEnsured);
    }

    private void run() {
        Backoff backoff = new Backoff(settings.maxBackoff());
        while (!stopping) {
            try {
                if (subscription == null) {
                    subscribe();
                    backoff.reset();
                }
                processing = true;
                List<Delivery> batch = nextBatch();
                if (!batch.isEmpty()) {
                    process(batch, backoff);
                }
                processing = false;
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | ExecutionException failed) {
                processing = false;
                status = "resubscribing";
                LOG.warnf("Projection %s cannot subscribe (%s); trying again in %s", projection.name(), rootMessage(failed), backoff.peek());
                sleepQuietly(backoff.next());
            }
        }
    }

    private void subscribe() throws ExecutionException, InterruptedException {
        ensureGroup();
        groupEnsured = true;
        queue.clear();
        subscription = subscriptions.subscribeToAll(projection.name(),
                SubscribePersistentSubscriptionOptions.get().bufferSize(settings.bufferSize()),
                new PersistentSubscriptionListener() {
                    @Override
                    public void onEvent(PersistentSubscription from, int retryCount, ResolvedEvent event) {
                        queue.add(new Delivery(from, event, retryCount));
                    }

                    @Override
                    public void onCancelled(PersistentSubscription from, Throwable reason) {
                        if (subscription == from) {
                            subscription = null;
                            if (!stopping) {
                                LOG.warnf("Projection %s lost its subscription: %s", projection.name(), reason == null ? "stopped" : rootMessage(reason));
                            }
                        }
                    }
                }).get();
        status = "running";
        LOG.infof("Projection %s subscribed to group %s on $all", projection.name(), projection.name());
    }

    /** Creates the group when missing, or updates it when its settings differ from ours (its checkpoint stays). */
    private void ensureGroup() throws ExecutionException, InterruptedException {
        ProjectionSettings.Group wanted = settings.group();
        var info = subscriptions.getInfoToAll(projection.name()).get();
        if (info.isEmpty()) {
            try {
                subscriptions.createToAll(projection.name(), CreatePersistentSubscriptionToAllOptions.get()
                        .fromStart()
                        .filter(SubscriptionFilter.newBuilder().withStreamNameRegularExpression(projection.streamRegex()).build())
                        .namedConsumerStrategy(NamedConsumerStrategy.PINNED)
                        .maxRetryCount(wanted.maxRetryCount()).messageTimeout(wanted.messageTimeout())
                        .checkpointAfter(wanted.checkpointAfter()).checkpointLowerBound(wanted.checkpointLowerBound())
                        .checkpointUpperBound(wanted.checkpointUpperBound()).liveBufferSize(wanted.liveBufferSize())
                        .readBatchSize(wanted.readBatchSize()).historyBufferSize(wanted.historyBufferSize())
                        .maxSubscriberCount(wanted.maxSubscriberCount())).get();
                LOG.infof("Created persistent subscription group %s on $all for %s", projection.name(), projection.streamRegex());
            } catch (ExecutionException raced) {
                if (!(raced.getCause() instanceof StatusRuntimeException status && status.getStatus().getCode() == Status.Code.ALREADY_EXISTS)) {
                    throw raced;
                }
            }
            return;
        }
        if (!matches(info.get().getSettings(), wanted)) {
            subscriptions.updateToAll(projection.name(), UpdatePersistentSubscriptionToAllOptions.get()
                    .namedConsumerStrategy(NamedConsumerStrategy.PINNED)
                    .maxRetryCount(wanted.maxRetryCount()).messageTimeout(wanted.messageTimeout())
                    .checkpointAfter(wanted.checkpointAfter()).checkpointLowerBound(wanted.checkpointLowerBound())
                    .checkpointUpperBound(wanted.checkpointUpperBound()).liveBufferSize(wanted.liveBufferSize())
                    .readBatchSize(wanted.readBatchSize()).historyBufferSize(wanted.historyBufferSize())
                    .maxSubscriberCount(wanted.maxSubscriberCount())).get();
            LOG.infof("Updated persistent subscription group %s to the configured settings", projection.name());
        }
    }

    private static boolean matches(PersistentSubscriptionSettings current, ProjectionSettings.Group wanted) {
        return NamedConsumerStrategy.PINNED.toString().equals(current.getNamedConsumerStrategy().toString())
                && current.getMaxRetryCount() == wanted.maxRetryCount()
                && current.getMessageTimeoutMs() == wanted.messageTimeout().toMillis()
                && current.getCheckpointAfterInMs() == wanted.checkpointAfter().toMillis()
                && current.getCheckpointLowerBound() == wanted.checkpointLowerBound()
                && current.getCheckpointUpperBound() == wanted.checkpointUpperBound()
                && current.getLiveBufferSize() == wanted.liveBufferSize()
                && current.getReadBatchSize() == wanted.readBatchSize()
                && current.getHistoryBufferSize() == wanted.historyBufferSize()
                && current.getMaxSubscriberCount() == wanted.maxSubscriberCount();
    }

    private List<Delivery> nextBatch() throws InterruptedException {
        List<Delivery> batch = new ArrayList<>();
        if (paused) {
            processing = false;
            Thread.sleep(10);
            return batch;
        }
        Delivery first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
            return batch;
        }
        batch.add(first);
        long deadline = System.nanoTime() + settings.batchWait().toNanos();
        // Collects in short naps rather than one wake-up per event: the thread handing events over never has to wake this one.
        while (true) {
            queue.drainTo(batch, settings.batchSize() - batch.size());
            long left = deadline - System.nanoTime();
            if (batch.size() >= settings.batchSize() || left <= 0) {
                break;
            }
            Thread.sleep(Duration.ofNanos(Math.min(left, BATCH_NAP_NANOS)));
        }
        return batch;
    }

    private void process(List<Delivery> batch, Backoff backoff) {
        while (true) {
            try {
                List<Projection.Outcome> outcomes = QuarkusTransaction.requiringNew().call(() -> applyAll(batch));
                settle(batch, outcomes);
                backoff.reset();
                return;
            } catch (RuntimeException failed) {
                if (Failures.isTransient(failed) && !stopping) {
                    status = "waiting for PostgreSQL";
                    LOG.warnf("Projection %s cannot write (%s); retrying %d event(s) in %s", projection.name(), rootMessage(failed), batch.size(), backoff.peek());
                    sleepQuietly(backoff.next());
                    continue;
                }
                if (Failures.isTransient(failed)) {
                    return;
                }
                isolate(batch);
                return;
            }
        }
    }

    private List<Projection.Outcome> applyAll(List<Delivery> batch) {
        if (batch.size() > 1) {
            // For a single event a prefetch would only add round trips.
            projection.prefetch(batch.stream().map(Delivery::recorded).toList());
        }
        List<Projection.Outcome> outcomes = new ArrayList<>(batch.size());
        for (Delivery delivery : batch) {
            outcomes.add(projection.apply(delivery.recorded()));
        }
        return outcomes;
    }

    /** One event at a time, so only the event that fails is retried (and in the end parked) and the rest flow on. */
    private void isolate(List<Delivery> batch) {
        for (Delivery delivery : batch) {
            try {
                Projection.Outcome outcome = QuarkusTransaction.requiringNew().call(() -> projection.apply(delivery.recorded()));
                settle(List.of(delivery), List.of(outcome));
            } catch (RuntimeException failed) {
                RecordedEvent event = delivery.recorded();
                metrics.counter("orderlog.projection.failures", "projection", projection.name()).increment();
                LOG.errorf("Projection %s failed on %s at revision %d (delivery %d): %s", projection.name(), event.getStreamId(),
                        event.getRevision(), delivery.retryCount() + 1, rootMessage(failed));
                delivery.subscription().nack(NackAction.Retry, rootMessage(failed), delivery.event());
            }
        }
    }

    /** Acks what is done and nacks what came early, one message per subscription and kind rather than one per event. */
    private void settle(List<Delivery> batch, List<Projection.Outcome> outcomes) {
        Map<PersistentSubscription, List<ResolvedEvent>> done = new LinkedHashMap<>();
        Map<PersistentSubscription, List<ResolvedEvent>> early = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Delivery delivery = batch.get(i);
            switch (outcomes.get(i)) {
                case APPLIED -> {
                    applied++;
                    last = delivery.recorded();
                    done.computeIfAbsent(delivery.subscription(), s -> new ArrayList<>()).add(delivery.event());
                }
                case DUPLICATE -> {
                    skipped++;
                    done.computeIfAbsent(delivery.subscription(), s -> new ArrayList<>()).add(delivery.event());
                }
                // Its predecessor is not in yet: the server brings it back after the others.
                case EARLY -> early.computeIfAbsent(delivery.subscription(), s -> new ArrayList<>()).add(delivery.event());
            }
        }
        done.forEach((subscription, events) -> subscription.ack(events.iterator()));
        early.forEach((subscription, events) -> subscription.nack(NackAction.Retry, "arrived before its predecessor", events.iterator()));
        metrics.counter("orderlog.projection.events", "projection", projection.name()).increment(batch.size());
    }

    private static void sleepQuietly(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** Doubling pauses up to a ceiling. */
    private static final class Backoff {
        private final Duration max;
        private Duration current = Duration.ofMillis(100);

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
            current = Duration.ofMillis(100);
        }
    }
}
