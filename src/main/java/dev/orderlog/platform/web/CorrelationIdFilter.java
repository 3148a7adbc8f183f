package dev.orderlog.platform.web;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.Optional;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Takes {@code X-Correlation-Id} from the request (or makes one), puts it in every log line of the request, and echoes
 * it on the response.
 */
public class CorrelationIdFilter {
    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    private static final int MAX_LENGTH = 128;

    @Inject
    RequestMetadata metadata;

    @ServerRequestFilter(preMatching = true)
    void readCorrelation(ContainerRequestContext request) {
        acceptable(request.getHeaderString(CORRELATION_HEADER)).ifPresent(metadata::correlationId);
        MDC.put("correlationId", metadata.correlationId());
    }

    /** A client's correlation id, when it gives a usable one: not blank, at most {@value #MAX_LENGTH} characters. */
    static Optional<String> acceptable(String given) {
        return Optional.ofNullable(given)
                .filter(id -> !id.isBlank() && id.length() <= MAX_LENGTH)
                .map(String::trim);
    }

    @ServerResponseFilter
    void echoCorrelation(ContainerResponseContext response) {
        response.getHeaders().putSingle(CORRELATION_HEADER, metadata.correlationId());
        MDC.remove("correlationId");
    }
}
