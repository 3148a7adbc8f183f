package dev.orderlog.platform.web;

import dev.orderlog.platform.command.CommandContext;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;
import java.util.UUID;

/** Who sent the current HTTP request (the {@link Caller}) and under which correlation id ({@link CorrelationIdFilter}). */
@RequestScoped
public class RequestMetadata {
    private String correlationId = UUID.randomUUID().toString();
    private final String requestId = UUID.randomUUID().toString();
    private final Caller caller;

    public RequestMetadata(Caller caller) {
        this.caller = caller;
    }

    public String correlationId() {
        return correlationId;
    }

    /** This request's own id: the causation id of whatever it makes happen. */
    public String requestId() {
        return requestId;
    }

    /** The subject of the caller's token: recorded as the actor of every event the request causes. */
    public String actor() {
        return caller.subject();
    }

    /** An Idempotency-Key as the caller's own: the same key from someone else is another request. Empty when none was sent. */
    public Optional<String> callersKey(String idempotencyKey) {
        return Optional.ofNullable(idempotencyKey).filter(key -> !key.isBlank()).map(key -> actor() + "\n" + key);
    }

    /**
     * The context of a command this request makes: its correlation, this request as the cause, the caller as the
     * actor, and the caller's Idempotency-Key (none when {@code idempotencyKey} is null or blank) for this command.
     */
    public CommandContext commandContext(String idempotencyKey, Record command) {
        CommandContext unkeyed = unkeyedCommandContext();
        return callersKey(idempotencyKey)
                .map(key -> unkeyed.keyedBy(key, CommandContext.fingerprintOf(command)))
                .orElse(unkeyed);
    }

    /** The context of a command this request makes that no Idempotency-Key guards. */
    public CommandContext unkeyedCommandContext() {
        return CommandContext.correlated(correlationId).causedBy(requestId).actedBy(actor());
    }

    void correlationId(String value) {
        correlationId = value;
    }
}
