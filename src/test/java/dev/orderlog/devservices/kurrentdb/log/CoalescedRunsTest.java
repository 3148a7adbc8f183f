package dev.orderlog.devservices.kurrentdb.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CoalescedRunsTest {

    @Test
    void runsNeverOverlapAndARunFollowsTheLastRequest() throws Exception {
        AtomicBoolean running = new AtomicBoolean();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicLong requested = new AtomicLong();
        AtomicLong seenByLastRun = new AtomicLong();
        AtomicInteger runs = new AtomicInteger();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            CoalescedRuns coalesced = new CoalescedRuns(executor, () -> {
                if (!running.compareAndSet(false, true)) {
                    overlaps.incrementAndGet();
                }
                seenByLastRun.set(requested.get());
                runs.incrementAndGet();
                running.set(false);
            });
            Thread[] askers = new Thread[8];
            for (int t = 0; t < askers.length; t++) {
                askers[t] = Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        requested.incrementAndGet();
                        coalesced.request();
                    }
                });
            }
            for (Thread asker : askers) {
                asker.join();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> seenByLastRun.get() == 80_000);
        }
        assertThat(overlaps.get()).isZero();
        assertThat(runs.get()).isBetween(1, 80_000);
    }
}
