package dev.orderlog.platform.web;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
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
        String given = request.getHeaderString(CORRELATION_HEADER);
        if (given != null && !given.isBlank() && given.length() <= MAX_LENGTH) {
            metadata.correlationId(given.trim());
        }
        MDC.put("correlationId", metadata.correlationId());
    }

    @ServerResponseFilter
    void echoCorrelation(ContainerResponseContext response) {
        response.getHeaders().putSingle(CORRELATION_HEADER, metadata.correlationId());
        MDC.remove("correlationId");
    }
}
