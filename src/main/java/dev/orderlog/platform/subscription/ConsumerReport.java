package dev.orderlog.platform.subscription;

import java.time.Instant;

/**
 * What operators see of a consumer: its status, what it has done, the last event it handled, and the oldest event it
 * has received and not yet handled ({@code oldestPendingAt}, null when none).
 */
public record ConsumerReport(
        ConsumerStatus status,
        long applied,
        long skipped,
        String lastStream,
        long lastRevision,
        Instant lastRecordedAt,
        int queued,
        boolean groupEnsured,
        Instant oldestPendingAt,
        Instant startedAt) {}
