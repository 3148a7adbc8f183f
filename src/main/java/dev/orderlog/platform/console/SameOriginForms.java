package dev.orderlog.platform.console;

import dev.orderlog.platform.web.ConsolePaths;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Cross-site request forgery stops here: a request that may change something (a form post, the sign-in included) is
 * served only when the browser says it comes from the console's own pages, by Fetch Metadata ({@code Sec-Fetch-Site:
 * same-origin}) or, from a browser too old for that, an {@code Origin} naming this host. Stateless, so it holds on every
 * replica; the session cookie's SameSite=Strict is the second wall. (quarkus-rest-csrf checks every POST of the whole
 * service, the API's included, so it does not fit here.)
 */
public class SameOriginForms {
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final Logger LOG = Logger.getLogger(SameOriginForms.class);

    void install(@Observes Router router) {
        // On every path, deciding by ConsolePaths.covers: a prefix route would miss /console;x/... that security still
        // reads as the console's.
        router.route().order(Integer.MIN_VALUE + 3).handler(SameOriginForms::check);
    }

    private static void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (SAFE.contains(request.method()) || !ConsolePaths.covers(context.normalizedPath()) || fromOwnPage(request)) {
            context.next();
            return;
        }
        LOG.warnf(
                "Console refused a %s to %s from another site (Sec-Fetch-Site %s, Origin %s)",
                request.method(), request.path(), request.getHeader("Sec-Fetch-Site"), request.getHeader("Origin"));
        context.response()
                .setStatusCode(403)
                .putHeader("Content-Type", "text/plain; charset=UTF-8")
                .end("Refused: console forms are accepted from the console's own pages only.");
    }

    static boolean fromOwnPage(HttpServerRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null) {
            return site.equals("same-origin");
        }
        String origin = request.getHeader("Origin");
        if (origin == null || request.authority() == null) {
            return false;
        }
        try {
            return request.authority()
                    .toString()
                    .equalsIgnoreCase(URI.create(origin).getRawAuthority());
        } catch (IllegalArgumentException unreadable) {
            return false;
        }
    }
}
