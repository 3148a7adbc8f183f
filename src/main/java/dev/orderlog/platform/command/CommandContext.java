package dev.orderlog.platform.command;

import java.time.Instant;
import java.util.Optional;

/**
 * Who asks, why, and under which idempotency key. {@code requestHash} fingerprints the request body so the same key
 * with a different body is told apart from a retry.
 */
public record CommandContext(
        String correlationId,
        String causationId,
        String actor,
        Optional<String> idempotencyKey,
        String requestHash,
        Instant now) {
}
