package dev.orderlog.platform.command;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Commands on one stream take turns within this instance, so they never race each other to the same expected
 * revision; only other replicas can still cause a conflict. Striped: two streams may share a lock, which costs a wait,
 * never a deadlock, since a command holds one lock at a time.
 */
final class StreamLocks {
    private static final int STRIPES = 1024;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    StreamLocks() {
        for (int i = 0; i < STRIPES; i++) {
            // Fair, so a hot stream's callers are served in arrival order instead of starving one of them.
            locks[i] = new ReentrantLock(true);
        }
    }

    ReentrantLock of(String stream) {
        return locks[Math.floorMod(stream.hashCode(), STRIPES)];
    }
}
