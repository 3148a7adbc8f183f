package dev.orderlog.platform.web;

import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;

/**
 * The usual security headers on every response of both ports, problem answers and refusals before a resource
 * included: no sniffing, no framing, no referrer, no caching of what an API answers, and a content security policy: for
 * the API one that allows nothing to load, for the console one that allows its own assets only (the /q tools load scripts).
 */
public class SecurityHeaders {
    private static final String TOOLS = "/q/";
    /** The console's pages load their own stylesheet and script, fetch their own fragments, and post their own forms: nothing else. */
    private static final String CONSOLE_POLICY =
            "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self';"
                    + " form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    void install(@Observes Router router) {
        addTo(router);
    }

    void installOnManagement(@Observes ManagementInterface management) {
        addTo(management.router());
    }

    private static void addTo(Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            boolean tools = context.request().path().startsWith(TOOLS);
            boolean console = ConsolePaths.covers(context.normalizedPath());
            context.addHeadersEndHandler(ended -> {
                HttpServerResponse response = context.response();
                response.putHeader("X-Content-Type-Options", "nosniff");
                response.putHeader("X-Frame-Options", "DENY");
                // The console's forms need their Origin sent (see SameOriginForms); no-referrer would make it "null".
                response.putHeader("Referrer-Policy", console ? "same-origin" : "no-referrer");
                if (!tools) {
                    response.putHeader(
                            "Content-Security-Policy",
                            console ? CONSOLE_POLICY : "default-src 'none'; frame-ancestors 'none'");
                    if (!response.headers().contains("Cache-Control")) {
                        response.putHeader("Cache-Control", "no-store");
                    }
                }
            });
            context.next();
        });
    }
}
