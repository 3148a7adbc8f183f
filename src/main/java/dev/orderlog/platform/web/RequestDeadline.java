package dev.orderlog.platform.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A client has {@code orderlog.http.request-deadline} from its headers to the last byte of its body: one that sends it
 * slower (a byte a second, say) is answered 408 and its connection closed, so slow clients cannot hold connections, nor
 * keep a shutdown waiting. Waits the service itself makes once the request is in ({@code ?minRevision=}) are not cut.
 */
public class RequestDeadline {
    /** Set on a request the deadline cut: what fails after (the REST layer reading the rest of its body) is expected. */
    static final String CUT = "orderlog.request-deadline.cut";

    @ConfigProperty(name = "orderlog.http.request-deadline", defaultValue = "PT10S")
    Duration deadline;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(context -> {
            HttpServerRequest request = context.request();
            if (request.isEnded()) {
                context.next();
                return;
            }
            long timer = context.vertx().setTimer(deadline.toMillis(), fired -> {
                if (request.isEnded()) {
                    return;
                }
                context.put(CUT, Boolean.TRUE);
                if (context.response().closed() || context.response().ended()) {
                    return;
                }
                if (!context.response().headWritten()) {
                    context.response().putHeader(HttpHeaders.CONNECTION, "close");
                    RouteProblems.answer(
                            context,
                            408,
                            "request-too-slow",
                            "The request took too long to arrive",
                            "A request must arrive whole within " + deadline.toSeconds() + " s");
                }
                request.connection().close();
            });
            // Answered early (a 401 before the body was read, say) is not done with: the rest of the body must still
            // come in time.
            context.addEndHandler(done -> {
                if (request.isEnded()) {
                    context.vertx().cancelTimer(timer);
                }
            });
            context.next();
        });
    }
}
