package dev.orderlog.platform.web;

import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;

/**
 * Matrix parameters ({@code ;x} in a path) mean nothing to the API or the console, yet each layer reads them its own
 * way (security strips them, routing may not), and some such paths were never answered at all. They are refused with
 * 400 before any of those layers run; after the console's same-origin check, so a cross-site form stays a 403.
 */
public class MatrixParameterGuard {

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 4).handler(context -> {
            if (context.request().path().indexOf(';') < 0) {
                context.next();
                return;
            }
            RouteProblems.answer(
                    context, 400, "matrix-parameters", "Matrix parameters are not accepted", "A path may not hold ';'");
        });
    }
}
