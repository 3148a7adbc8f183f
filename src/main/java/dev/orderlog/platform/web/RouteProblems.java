package dev.orderlog.platform.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Problem answers given by Vert.x routes, before or beside the REST layer (where {@link ProblemResponses} answers): the
 * same body, with the request's correlation id taken as {@link CorrelationIdFilter} takes it, or a new one.
 */
final class RouteProblems {
    private static final String TYPE_BASE = "https://orderlog.dev/problems/";

    private RouteProblems() {}

    /** Answers {@code status} as problem+json and returns the correlation id it carries. */
    static String answer(RoutingContext context, int status, String slug, String title, String detail) {
        String correlation = CorrelationIdFilter.acceptable(
                        context.request().getHeader(CorrelationIdFilter.CORRELATION_HEADER))
                .orElseGet(() -> UUID.randomUUID().toString());
        context.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, ProblemResponses.PROBLEM_JSON)
                .putHeader(CorrelationIdFilter.CORRELATION_HEADER, correlation)
                .end(Json.encode(body(status, slug, title, detail, correlation)));
        return correlation;
    }

    /** The problem+json body every answer of an error has, wherever it is written. */
    static Map<String, Object> body(int status, String slug, String title, String detail, String correlationId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + slug);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("correlationId", correlationId);
        return body;
    }
}
