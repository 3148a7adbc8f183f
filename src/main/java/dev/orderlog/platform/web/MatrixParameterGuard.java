package dev.orderlog.platform.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import java.util.UUID;

/**
 * Matrix parameters ({@code ;x} in a path) mean nothing to the API or the console, yet each layer reads them its own
 * way (security strips them, routing may not), and some such paths were never answered at all. They are refused with
 * 400 before any of those layers run; after the console's same-origin check, so a cross-site form stays a 403.
 */
public class MatrixParameterGuard {

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 2).handler(context -> {
            if (context.request().path().indexOf(';') < 0) {
                context.next();
                return;
            }
            String given = context.request().getHeader(CorrelationIdFilter.CORRELATION_HEADER);
            String correlation = given != null && !given.isBlank() && given.length() <= 128 ? given.trim() : UUID.randomUUID().toString();
            context.response().setStatusCode(400)
                    .putHeader(HttpHeaders.CONTENT_TYPE, ProblemResponses.PROBLEM_JSON)
                    .putHeader(CorrelationIdFilter.CORRELATION_HEADER, correlation)
                    .end("{\"type\":\"https://orderlog.dev/problems/matrix-parameters\",\"title\":\"Matrix parameters are not accepted\","
                            + "\"status\":400,\"detail\":\"A path may not hold ';'\",\"correlationId\":" + Json.encode(correlation) + "}");
        });
    }
}
