package dev.orderlog.platform.command;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
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

    /** A command no Idempotency-Key guards: its receiver is idempotent by its own rules, or nobody retries it. */
    public static CommandContext unkeyed(String correlationId, String causationId, String actor) {
        return new CommandContext(correlationId, causationId, actor, Optional.empty(), "", Instant.now());
    }

    /**
     * This context guarded by {@code idempotencyKey}: a repeat with the same {@code fingerprint} is answered with what
     * the first did, one with another fingerprint is refused.
     */
    public CommandContext keyedBy(String idempotencyKey, String fingerprint) {
        return new CommandContext(correlationId, causationId, actor, Optional.of(idempotencyKey), fingerprint, now);
    }

    /** This context without its Idempotency-Key, for a receiver that is idempotent by its own rules. */
    public CommandContext withoutIdempotencyKey() {
        return new CommandContext(correlationId, causationId, actor, Optional.empty(), requestHash, now);
    }

    /** Same command, same fingerprint: what tells a retry from a reuse of its Idempotency-Key. Commands are records. */
    public static String fingerprintOf(Record command) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(command.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
