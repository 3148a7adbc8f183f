package dev.orderlog.fulfilment.process;

import dev.orderlog.fulfilment.Deadline;
import dev.orderlog.fulfilment.FulfilmentInput;
import dev.orderlog.fulfilment.FulfilmentSettings;
import dev.orderlog.fulfilment.Fulfilments;
import dev.orderlog.fulfilment.readmodel.FulfilmentQueries;
import dev.orderlog.platform.command.CommandContext;
import dev.orderlog.platform.tracing.EventTracing;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Fires the deadlines stored with the instances (found through the read model, so they survive restarts) and drives
 * on instances that stalled, for example because the payment provider was away when their step was sent. Every
 * replica polls; the instances' expected revisions make a deadline fire once, and a deadline whose step completed
 * decides nothing.
 */
@ApplicationScoped
public class DeadlinePoller {
    private static final Logger LOG = Logger.getLogger(DeadlinePoller.class);
    private static final int PER_POLL = 100;

    private final FulfilmentSettings settings;
    private final FulfilmentQueries queries;
    private final FulfilmentProcess process;
    private final Fulfilments fulfilments;
    private final EventTracing tracing;
    /** When this replica last drove a stalled instance on. */
    private final Map<String, Instant> lastDriven = new ConcurrentHashMap<>();
    /** Held by a poll under way, so shutdown can wait for it before the database closes. */
    private final ReentrantLock polling = new ReentrantLock();

    private volatile boolean stopping;

    public DeadlinePoller(
            FulfilmentSettings settings,
            FulfilmentQueries queries,
            FulfilmentProcess process,
            Fulfilments fulfilments,
            EventTracing tracing) {
        this.settings = settings;
        this.queries = queries;
        this.process = process;
        this.fulfilments = fulfilments;
        this.tracing = tracing;
    }

    // Not while the application starts or stops: a poll during shutdown would find the database closed and fail loudly.
    @Scheduled(
            every = "{orderlog.fulfilment.poll-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        if (!settings.enabled() || stopping || !polling.tryLock()) {
            return;
        }
        try {
            pollNow();
        } finally {
            polling.unlock();
        }
    }

    /**
     * The scheduler skips polls once the application stops, but does not wait for one under way, which then failed on
     * the closed database: no poll starts after this, and the one under way is waited for.
     */
    void stop(@Observes ShutdownEvent stoppingNow) throws InterruptedException {
        stopping = true;
        if (polling.tryLock(10, TimeUnit.SECONDS)) {
            polling.unlock();
        }
    }

    private void pollNow() {
        Instant now = Instant.now();
        for (FulfilmentQueries.Instance due : queries.due(now, PER_POLL)) {
            Deadline deadline = due.deadline().orElseThrow();
            inItsTrace(due.orderId(), "fulfilment deadline", () -> {
                guarded(
                        due.orderId(),
                        () -> process.record(
                                due.orderId(),
                                new FulfilmentInput.Clock.DeadlineReached(deadline.kind(), deadline.dueAt()),
                                CommandContext.correlated(Fulfilments.STREAMS.streamOf(due.orderId()))
                                        .causedBy("deadline:" + deadline.kind() + ":" + deadline.dueAt())
                                        .actedBy(FulfilmentProcess.ACTOR)));
                process.driveSoon(due.orderId());
            });
        }
        Instant stalledBefore = now.minus(settings.stallAfter());
        lastDriven.values().removeIf(driven -> driven.isBefore(stalledBefore));
        for (FulfilmentQueries.Instance stalled : queries.stalled(stalledBefore, PER_POLL)) {
            // Driven again once per stall period, not on every poll: a pending charge is asked about, not hammered.
            if (lastDriven.putIfAbsent(stalled.orderId(), now) == null) {
                inItsTrace(stalled.orderId(), "fulfilment stalled", () -> process.driveSoon(stalled.orderId()));
            }
        }
    }

    /** The clock's work on an instance continues the instance's trace, so one order's life stays one trace. */
    private void inItsTrace(String orderId, String name, Runnable work) {
        tracing.resume(name, () -> fulfilments.lastTrace(orderId), () -> {
            work.run();
            return orderId;
        });
    }

    /** One instance's failure (KurrentDB away, say) must not keep the others waiting; the next poll tries it again. */
    private static void guarded(String orderId, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException failed) {
            LOG.warnf("Fulfilment of order %s not driven on this poll: %s", orderId, failed.toString());
        }
    }
}
