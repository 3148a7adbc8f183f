package dev.orderlog.platform.web;

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

    void correlationId(String value) {
        correlationId = value;
    }
}
