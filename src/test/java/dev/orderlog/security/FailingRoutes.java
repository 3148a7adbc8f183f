package dev.orderlog.security;

import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;

/** Test only: a route that fails as no one foresaw, to see how the service answers a failure nothing maps. */
public class FailingRoutes {
    static final String PATH = "/test-only/failing";
    static final String INTERNALS = "internal detail a client must never see";

    void install(@Observes Router router) {
        router.get(PATH).handler(context -> {
            throw new IllegalStateException(INTERNALS);
        });
    }
}
