package dev.orderlog.platform.web;

import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Whatever fails unforeseen (an exception no mapper knows, in a resource or a route) is answered as a 500 problem+json
 * that shows no internals, only the correlation id under which the failure is logged. Refusals of security keep their
 * own answers.
 */
public class UnexpectedFailures {
    private static final Logger LOG = Logger.getLogger(UnexpectedFailures.class);

    void install(@Observes Router router) {
        addTo(router);
    }

    void installOnManagement(@Observes ManagementInterface management) {
        addTo(management.router());
    }

    private static void addTo(Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(UnexpectedFailures::answer);
    }

    private static void answer(RoutingContext context) {
        Throwable failure = context.failure();
        if (context.get(RequestDeadline.CUT) != null) {
            // Answered 408 and closed: whatever was still reading the body fails, as it should, and nothing is left to
            // say.
            LOG.debugf("A request cut by its deadline failed after: %s", String.valueOf(failure));
            return;
        }
        if (context.response().closed()) {
            // The client went away mid-request: nobody to answer, and nothing failed on our side.
            LOG.debugf(
                    "%s %s ended by the client closing the connection: %s",
                    context.request().method(), context.request().path(), String.valueOf(failure));
            return;
        }
        // Security's refusals (and the form sign-in's redirects) are answered by Quarkus' own handlers.
        boolean security = failure != null && failure.getClass().getName().startsWith("io.quarkus.security");
        boolean serverSide = context.statusCode() >= 500 || context.statusCode() < 0;
        if (security || !serverSide || context.response().headWritten()) {
            context.next();
            return;
        }
        String correlation = RouteProblems.answer(
                context,
                500,
                "internal-error",
                "Something failed on our side",
                "Quote the correlation id to find it in the log");
        LOG.errorf(
                failure,
                "Unexpected failure of %s %s [correlation %s]",
                context.request().method(),
                context.request().path(),
                correlation);
    }
}
