package dev.orderlog.platform.web;

import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;

/**
 * The usual security headers on every response of both ports, problem answers and refusals before a resource
 * included: no sniffing, no framing, no referrer, no caching of what an API answers, and for the API (not the /q
 * tools, whose pages load scripts) a content security policy that allows nothing to load.
 */
public class SecurityHeaders {
    private static final String TOOLS = "/q/";

    void install(@Observes Router router) {
        addTo(router);
    }

    void installOnManagement(@Observes ManagementInterface management) {
        addTo(management.router());
    }

    private static void addTo(Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            boolean tools = context.request().path().startsWith(TOOLS);
            context.addHeadersEndHandler(ended -> {
                HttpServerResponse response = context.response();
                response.putHeader("X-Content-Type-Options", "nosniff");
                response.putHeader("X-Frame-Options", "DENY");
                response.putHeader("Referrer-Policy", "no-referrer");
                if (!tools) {
                    response.putHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
                    if (!response.headers().contains("Cache-Control")) {
                        response.putHeader("Cache-Control", "no-store");
                    }
                }
            });
            context.next();
        });
    }
}
