package dev.orderlog.platform.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The metadata every event carries. {@code idempotencyKey} and {@code requestHash} are set when the command came
 * with an Idempotency-Key, so a retry can be recognised and answered with the first result.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventMetadata(
        int eventVersion,
        String correlationId,
        String causationId,
        Instant occurredAt,
        String actor,
        String idempotencyKey,
        String requestHash) {}
