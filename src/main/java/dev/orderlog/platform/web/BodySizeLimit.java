package dev.orderlog.platform.web;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body over the limit is refused with a problem+json 413: a declared one before it is read, and one sent in chunks
 * (no Content-Length) when the HTTP layer stops reading it.
 */
public class BodySizeLimit {
    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize limit;

    void install(@Observes Router router) {
        BodyHandler measured = BodyHandler.create(false).setBodyLimit(limit.asLongValue());
        // After RequestDeadline, whose clock must run while a chunked body is read here.
        router.route()
                .order(Integer.MIN_VALUE + 2)
                .handler(context -> {
                    String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
                    if (length == null && context.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
                        // A body sent in chunks is read here, where going over the limit can still be answered
                        // properly.
                        measured.handle(context);
                        return;
                    }
                    if (length != null
                            && !length.isEmpty()
                            && length.chars().allMatch(Character::isDigit)
                            && Long.parseLong(length) > limit.asLongValue()) {
                        refuse(context);
                        return;
                    }
                    context.next();
                })
                .failureHandler(context -> {
                    if (context.statusCode() == 413 && !context.response().headWritten()) {
                        refuse(context);
                        return;
                    }
                    context.next();
                });
    }

    private void refuse(RoutingContext context) {
        String correlation = context.request().getHeader(CorrelationIdFilter.CORRELATION_HEADER);
        context.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, ProblemResponses.PROBLEM_JSON)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(
                        "{\"type\":\"https://orderlog.dev/problems/body-too-large\",\"title\":\"The request body is too large\","
                                + "\"status\":413,\"detail\":\"At most " + limit.asLongValue() + " bytes are accepted\""
                                + (correlation == null ? "" : ",\"correlationId\":" + Json.encode(correlation)) + "}");
    }
}
