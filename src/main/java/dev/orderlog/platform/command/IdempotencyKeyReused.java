package dev.orderlog.platform.command;

/** An Idempotency-Key came back with a different request than the one it was first used for. */
public final class IdempotencyKeyReused extends RuntimeException {
    public IdempotencyKeyReused(String key) {
        super("Idempotency-Key " + key + " was already used for a different request");
    }
}
