package dev.orderlog.platform.web;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a declared body over the limit with a problem+json 413 before it is read. The HTTP layer enforces the same
 * limit on bodies without a Content-Length, with a bare 413.
 */
public class BodySizeLimit {
    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize limit;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && length.chars().allMatch(Character::isDigit) && !length.isEmpty() && Long.parseLong(length) > limit.asLongValue()) {
                String correlation = context.request().getHeader(CorrelationIdFilter.CORRELATION_HEADER);
                context.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, ProblemResponses.PROBLEM_JSON)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end("{\"type\":\"https://orderlog.dev/problems/body-too-large\",\"title\":\"The request body is too large\","
                                + "\"status\":413,\"detail\":\"At most " + limit.asLongValue() + " bytes are accepted\""
                                + (correlation == null ? "" : ",\"correlationId\":" + io.vertx.core.json.Json.encode(correlation)) + "}");
                return;
            }
            context.next();
        });
    }
}
