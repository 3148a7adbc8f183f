package dev.orderlog.platform.web;

import jakarta.enterprise.context.RequestScoped;
import java.util.UUID;

/** Who sent the current HTTP request and under which correlation id; filled by {@link CorrelationIdFilter}. */
@RequestScoped
public class RequestMetadata {
    private String correlationId = UUID.randomUUID().toString();
    private final String requestId = UUID.randomUUID().toString();
    private String actor = "anonymous";

    public String correlationId() {
        return correlationId;
    }

    /** This request's own id: the causation id of whatever it makes happen. */
    public String requestId() {
        return requestId;
    }

    public String actor() {
        return actor;
    }

    void correlationId(String value) {
        correlationId = value;
    }

    void actor(String value) {
        actor = value;
    }
}
