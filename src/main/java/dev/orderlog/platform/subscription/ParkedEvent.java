package dev.orderlog.platform.subscription;

import java.time.Instant;

/** An event the server parked for a group, with the reason recorded when it was parked. */
public record ParkedEvent(
        long parkedRevision, String stream, long revision, String type, Instant recordedAt, String reason) {}
