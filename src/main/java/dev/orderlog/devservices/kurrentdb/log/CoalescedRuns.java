package dev.orderlog.devservices.kurrentdb.log;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs an action on an executor one run at a time, however many threads ask for it: asks that arrive during a run
 * merge into one more run, so nothing asked for is missed and no two runs overlap.
 */
public final class CoalescedRuns {
    private final Executor executor;
    private final Runnable action;
    private final AtomicInteger requests = new AtomicInteger();

    public CoalescedRuns(Executor executor, Runnable action) {
        this.executor = executor;
        this.action = action;
    }

    /** Safe from any thread. */
    public void request() {
        if (requests.getAndIncrement() == 0) {
            executor.execute(this::runWhileRequested);
        }
    }

    private void runWhileRequested() {
        int pending = 1;
        do {
            action.run();
            pending = requests.addAndGet(-pending);
        } while (pending != 0);
    }
}
