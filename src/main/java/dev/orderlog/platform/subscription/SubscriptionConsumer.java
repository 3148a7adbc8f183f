package dev.orderlog.platform.subscription;

import io.grpc.Metadata;
import io.kurrent.dbclient.NackAction;
import io.kurrent.dbclient.PersistentSubscription;
import io.kurrent.dbclient.PersistentSubscriptionListener;
import io.kurrent.dbclient.RecordedEvent;
import io.kurrent.dbclient.ResolvedEvent;
import io.kurrent.dbclient.SubscribePersistentSubscriptionOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
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
 * One consumer of a persistent subscription group on {@code $all}, for projections and process managers alike: ensures
 * the group, subscribes and re-subscribes with backoff, hands the handler batches, retries a batch in place while the
 * handler's store is away, isolates an event that fails on its own so the server retries and in the end parks it while
 * the rest flow on, acks after the handler is done, and stops after settling the batch in hand.
 */
public final class SubscriptionConsumer {
    /** How often a consumer on standby asks for its group: how soon it takes over from one that left. */
    private static final Duration STANDBY_POLL = Duration.ofSeconds(1);

    private static final Metadata.Key<String> EXCEPTION =
            Metadata.Key.of("exception", Metadata.ASCII_STRING_MARSHALLER);

    private static final Logger LOG = Logger.getLogger(SubscriptionConsumer.class);
    private static final long BATCH_NAP_NANOS = 1_000_000;
    private static final long LAG_FRESH_NANOS = 1_000_000_000L;

    /** {@code receivedAt}: when this consumer got it, so the wait inside the service is measured apart from the server's. */
    private record Delivery(PersistentSubscription subscription, ResolvedEvent event, int retryCount, long receivedAt) {
        RecordedEvent recorded() {
            return event.getEvent();
        }
    }

    private final String kind;
    /** How logs name it: "Projection order-read-model". */
    private final String label;

    private final String group;
    private final String streamRegex;
    private final BatchHandler handler;
    private final SubscriptionGroups groups;
    private final ConsumerSettings settings;
    private final MeterRegistry metrics;
    private final Timer delivery;
    private final Timer queueing;
    private final BlockingQueue<Delivery> queue = new LinkedBlockingQueue<>();
    private volatile boolean stopping;
    private volatile PersistentSubscription subscription;
    private volatile ConsumerStatus status = ConsumerStatus.STARTING;
    private volatile long applied;
    private volatile long skipped;
    private volatile RecordedEvent last;
    private volatile boolean groupEnsured;
    /** The oldest event of the batch being handled, null between batches. */
    private volatile Instant oldestInHand;

    private volatile MeasuredLag lastLag;

    private record MeasuredLag(Lag lag, long atNanos) {}

    private volatile Instant startedAt = Instant.now();
    private Thread thread;

    /** {@code kind} names what consumes ("projection"): its metrics are {@code orderlog.<kind>.events} tagged {@code <kind>=<group>}. */
    public SubscriptionConsumer(
            String kind,
            String group,
            String streamRegex,
            BatchHandler handler,
            SubscriptionGroups groups,
            ConsumerSettings settings,
            MeterRegistry metrics) {
        this.kind = kind;
        this.label = Character.toUpperCase(kind.charAt(0)) + kind.substring(1) + " " + group;
        this.group = group;
        this.streamRegex = streamRegex;
        this.handler = handler;
        this.groups = groups;
        this.settings = settings;
        this.metrics = metrics;
        this.delivery = Timer.builder("orderlog." + kind + ".delivery")
                .description("From an event's append to its arrival at this consumer")
                .tags(kind, group)
                .publishPercentiles(0.5, 0.99)
                .register(metrics);
        this.queueing = Timer.builder("orderlog." + kind + ".queueing")
                .description("From an event's arrival at this consumer to its handling")
                .tags(kind, group)
                .publishPercentiles(0.5, 0.99)
                .register(metrics);
    }

    /** Starts consuming, and publishes the lag as gauges {@code orderlog.<kind>.lag.events}, {@code .lag.seconds} and {@code .parked}. */
    public void start() {
        startedAt = Instant.now();
        Tags tags = Tags.of(kind, group);
        metrics.gauge(
                "orderlog." + kind + ".lag.events",
                tags,
                this,
                consumer -> consumer.lag().orNaN(Lag::events));
        metrics.gauge(
                "orderlog." + kind + ".lag.seconds",
                tags,
                this,
                consumer -> consumer.lag().orNaN(Lag::seconds));
        metrics.gauge(
                "orderlog." + kind + ".parked",
                tags,
                this,
                consumer -> consumer.lag().orNaN(Lag::parked));
        thread = Thread.ofPlatform().name("consumer-" + group).daemon().start(this::run);
    }

    /** Stops taking events, finishes and acks the batch in hand, then leaves the group. */
    public void stop() throws InterruptedException {
        stopping = true;
        if (thread != null) {
            thread.join(Duration.ofSeconds(30));
        }
        PersistentSubscription current = subscription;
        if (current != null) {
            current.stop();
        }
        status = ConsumerStatus.STOPPED;
        handler.close();
        LOG.infof(
                "%s stopped after settling its last batch (%d applied in all); %d received events left for redelivery",
                label, applied, queue.size());
    }

    public ConsumerReport state() {
        RecordedEvent seen = last;
        return new ConsumerReport(
                status,
                applied,
                skipped,
                seen == null ? null : seen.getStreamId(),
                seen == null ? -1 : seen.getRevision(),
                seen == null ? null : seen.getCreated(),
                queue.size(),
                groupEnsured,
                oldestPending(),
                startedAt);
    }

    /** The oldest event received and not yet handled: in the batch in hand, or else first in the queue. */
    private Instant oldestPending() {
        Instant inHand = oldestInHand;
        if (inHand != null) {
            return inHand;
        }
        Delivery next = queue.peek();
        return next == null ? null : next.recorded().getCreated();
    }

    /**
     * The group's lag as this consumer sees it, asked of KurrentDB at most once a second: the three gauges of a scrape,
     * the console's refresh and its chart all read the same answer.
     */
    public Lag lag() {
        MeasuredLag known = lastLag;
        if (known != null && System.nanoTime() - known.atNanos() < LAG_FRESH_NANOS) {
            return known.lag();
        }
        Lag measured = groups.lag(group, streamRegex, state());
        lastLag = new MeasuredLag(measured, System.nanoTime());
        return measured;
    }

    private void run() {
        Backoff backoff = new Backoff(settings.maxBackoff());
        while (!stopping) {
            try {
                if (subscription == null) {
                    if (status == ConsumerStatus.STANDBY) {
                        sleepQuietly(STANDBY_POLL);
                    }
                    subscribe();
                    backoff.reset();
                }
                List<Delivery> batch = nextBatch();
                if (!batch.isEmpty()) {
                    process(batch, backoff);
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | ExecutionException failed) {
                if (anotherHasTheGroup(failed)) {
                    standBy();
                    continue;
                }
                status = ConsumerStatus.RESUBSCRIBING;
                LOG.warnf("%s cannot subscribe (%s); trying again in %s", label, rootMessage(failed), backoff.peek());
                sleepQuietly(backoff.next());
            }
        }
    }

    /** A group of one subscriber at a time (its max subscriber count 1) refuses the others with this. */
    private static boolean anotherHasTheGroup(Exception failed) {
        for (Throwable cause = failed; cause != null; cause = cause.getCause()) {
            Metadata trailers = io.grpc.Status.trailersFromThrowable(cause);
            if (trailers != null && "maximum-subscribers-reached".equals(trailers.get(EXCEPTION))) {
                return true;
            }
        }
        return false;
    }

    private void subscribe() throws ExecutionException, InterruptedException {
        groups.ensure(group, streamRegex, settings.group());
        groupEnsured = true;
        queue.clear();
        subscription = groups.client()
                .subscribeToAll(
                        group,
                        SubscribePersistentSubscriptionOptions.get().bufferSize(settings.bufferSize()),
                        new PersistentSubscriptionListener() {
                            @Override
                            public void onEvent(PersistentSubscription from, int retryCount, ResolvedEvent event) {
                                queue.add(new Delivery(from, event, retryCount, System.nanoTime()));
                                delivery.record(
                                        Duration.between(event.getEvent().getCreated(), Instant.now()));
                            }

                            @Override
                            public void onConfirmation(PersistentSubscription confirmed) {
                                status = ConsumerStatus.RUNNING;
                                LOG.infof("%s subscribed to group %s on $all", label, group);
                            }

                            @Override
                            public void onCancelled(PersistentSubscription from, Throwable reason) {
                                if (subscription == from) {
                                    subscription = null;
                                    if (reason instanceof Exception refused && anotherHasTheGroup(refused)) {
                                        standBy();
                                    } else if (!stopping) {
                                        LOG.warnf(
                                                "%s lost its subscription: %s",
                                                label, reason == null ? "stopped" : rootMessage(reason));
                                    }
                                }
                            }
                        })
                .get();
    }

    /** Another consumer has the group: this one waits, asking again every {@link #STANDBY_POLL}. */
    private synchronized void standBy() {
        if (status != ConsumerStatus.STANDBY) {
            LOG.infof("%s stands by: another consumer has group %s", label, group);
        }
        status = ConsumerStatus.STANDBY;
    }

    private List<Delivery> nextBatch() throws InterruptedException {
        List<Delivery> batch = new ArrayList<>();
        Delivery first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
            return batch;
        }
        batch.add(first);
        long deadline = System.nanoTime() + settings.batchWait().toNanos();
        // Collects in short naps rather than one wake-up per event: the thread handing events over never has to wake
        // this one.
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

    /**
     * The batch as one, retried in place while the handler's store is away. After a message timeout of waiting the
     * server has started redelivering these events anyway, so each is then handled alone, unless the handler keeps
     * its events in order (see {@link BatchHandler.WhenStuck}).
     */
    private void process(List<Delivery> batch, Backoff backoff) {
        List<RecordedEvent> events = batch.stream().map(Delivery::recorded).toList();
        oldestInHand = events.stream()
                .map(RecordedEvent::getCreated)
                .min(Instant::compareTo)
                .orElse(null);
        long handling = System.nanoTime();
        batch.forEach(waited -> queueing.record(handling - waited.receivedAt(), TimeUnit.NANOSECONDS));
        try {
            processInHand(batch, events, backoff);
        } finally {
            oldestInHand = null;
        }
    }

    private void processInHand(List<Delivery> batch, List<RecordedEvent> events, Backoff backoff) {
        long giveUp = System.nanoTime() + settings.group().messageTimeout().toNanos();
        while (true) {
            try {
                settle(batch, handler.handle(events));
                backoff.reset();
                if (status == ConsumerStatus.RETRYING_BATCH) {
                    status = ConsumerStatus.RUNNING;
                }
                return;
            } catch (RuntimeException failed) {
                boolean stuck = System.nanoTime() - giveUp > 0
                        && handler.whenStuck() == BatchHandler.WhenStuck.HANDLE_EACH_ALONE;
                if (!handler.isTransient(failed) || stuck) {
                    isolate(batch, backoff);
                    return;
                }
                if (stopping) {
                    // Not acked: the server redelivers it to whichever consumer is left.
                    return;
                }
                status = ConsumerStatus.RETRYING_BATCH;
                LOG.warnf(
                        "%s cannot handle its batch (%s); retrying %d event(s) in %s",
                        label, rootMessage(failed), batch.size(), backoff.peek());
                sleepQuietly(backoff.next());
            }
        }
    }

    /** One event at a time, so only an event that fails on its own is retried by the server, and the rest flow on. */
    private void isolate(List<Delivery> batch, Backoff backoff) {
        for (Delivery delivery : batch) {
            if (!stopping) {
                handleAlone(delivery, backoff);
            }
        }
    }

    /**
     * A failure of the store is waited out here, for at most a message timeout, so it does not spend the event's
     * retries; any other failure sends the event back for a retry, and after {@code park-after} deliveries parks it.
     */
    private void handleAlone(Delivery delivery, Backoff backoff) {
        RecordedEvent event = delivery.recorded();
        long giveUp = System.nanoTime() + settings.group().messageTimeout().toNanos();
        while (true) {
            List<BatchHandler.Outcome> outcome;
            try {
                outcome = handler.handle(List.of(event));
            } catch (RuntimeException failed) {
                if (handler.isTransient(failed) && !stopping && System.nanoTime() - giveUp < 0) {
                    LOG.warnf(
                            "%s cannot handle %s at revision %d (%s); retrying in %s",
                            label, event.getStreamId(), event.getRevision(), rootMessage(failed), backoff.peek());
                    sleepQuietly(backoff.next());
                    continue;
                }
                if (!stopping) {
                    reject(delivery, failed);
                }
                return;
            }
            backoff.reset();
            settle(List.of(delivery), outcome);
            return;
        }
    }

    private void reject(Delivery delivery, RuntimeException failed) {
        RecordedEvent event = delivery.recorded();
        int deliveries = delivery.retryCount() + 1;
        metrics.counter("orderlog." + kind + ".failures", kind, group).increment();
        LOG.errorf(
                "%s failed on %s at revision %d (delivery %d): %s",
                label, event.getStreamId(), event.getRevision(), deliveries, rootMessage(failed));
        if (deliveries >= settings.parkAfter()) {
            delivery.subscription()
                    .nack(
                            NackAction.Park,
                            "Reached retry count of " + settings.parkAfter() + ": " + rootMessage(failed),
                            delivery.event());
        } else {
            delivery.subscription().nack(NackAction.Retry, rootMessage(failed), delivery.event());
        }
    }

    /** Acks what is done, one message per subscription rather than one per event. */
    private void settle(List<Delivery> batch, List<BatchHandler.Outcome> outcomes) {
        Map<PersistentSubscription, List<ResolvedEvent>> done = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Delivery delivery = batch.get(i);
            switch (outcomes.get(i)) {
                case APPLIED -> {
                    applied++;
                    last = delivery.recorded();
                    done.computeIfAbsent(delivery.subscription(), s -> new ArrayList<>())
                            .add(delivery.event());
                }
                case DUPLICATE -> {
                    skipped++;
                    done.computeIfAbsent(delivery.subscription(), s -> new ArrayList<>())
                            .add(delivery.event());
                }
            }
        }
        done.forEach((subscription, events) -> subscription.ack(events.iterator()));
        metrics.counter("orderlog." + kind + ".events", kind, group).increment(batch.size());
    }

    private static void sleepQuietly(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
