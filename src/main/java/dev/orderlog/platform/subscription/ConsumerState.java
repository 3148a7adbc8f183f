package dev.orderlog.platform.subscription;

import java.time.Instant;

/** What operators see of a consumer: its status, what it has done, and the last event it handled. */
public record ConsumerState(ConsumerStatus status, long applied, long skipped, String lastStream, long lastRevision,
                            Instant lastRecordedAt, int queued, boolean groupEnsured) {
}
