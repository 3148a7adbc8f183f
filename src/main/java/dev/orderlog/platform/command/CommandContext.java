package dev.orderlog.platform.command;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Who asks, why, and under which idempotency guard. Made by {@code correlated(id).causedBy(cause).actedBy(actor)},
 * then {@link #keyedBy} where an Idempotency-Key guards the command.
 */
public record CommandContext(
        String correlationId, String causationId, String actor, Optional<IdempotencyGuard> guard, Instant now) {

    /**
     * An Idempotency-Key and the fingerprint of the command it guards, which tells a retry (same fingerprint) from a
     * reuse of the key for another command.
     */
    public record IdempotencyGuard(String key, String fingerprint) {}

    /** The first step of a context: the conversation it belongs to. */
    public static Correlated correlated(String correlationId) {
        return new Correlated(correlationId);
    }

    public record Correlated(String correlationId) {
        /** What caused the command: a request, an event, a message. */
        public Caused causedBy(String causationId) {
            return new Caused(correlationId, causationId);
        }
    }

    public record Caused(String correlationId, String causationId) {
        /** The context, with no Idempotency-Key: its receiver is idempotent by its own rules, or nobody retries it. */
        public CommandContext actedBy(String actor) {
            return new CommandContext(correlationId, causationId, actor, Optional.empty(), Instant.now());
        }
    }

    /**
     * This context guarded by {@code idempotencyKey}: a repeat with the same {@code fingerprint} is answered with what
     * the first did, one with another fingerprint is refused.
     */
    public CommandContext keyedBy(String idempotencyKey, String fingerprint) {
        return new CommandContext(
                correlationId, causationId, actor, Optional.of(new IdempotencyGuard(idempotencyKey, fingerprint)), now);
    }

    /** This context without its Idempotency-Key, for a receiver that is idempotent by its own rules. */
    public CommandContext withoutIdempotencyKey() {
        return new CommandContext(correlationId, causationId, actor, Optional.empty(), now);
    }

    public Optional<String> idempotencyKey() {
        return guard.map(IdempotencyGuard::key);
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
