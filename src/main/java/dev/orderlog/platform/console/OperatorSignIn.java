package dev.orderlog.platform.console;

import dev.orderlog.platform.console.SignInThrottle.Attempt;
import dev.orderlog.platform.console.SignInThrottle.Verdict;
import dev.orderlog.platform.web.ConsolePaths;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Checks a console sign-in (the form's name and password) against the operators in PostgreSQL, behind the
 * {@link SignInThrottle}. A refused attempt goes back to the sign-in page saying how long to wait, with
 * {@code Retry-After}. Each outcome is counted in {@code orderlog_console_sign_ins_total}.
 */
@Startup
@ApplicationScoped
public class OperatorSignIn implements IdentityProvider<UsernamePasswordAuthenticationRequest> {
    private static final Logger LOG = Logger.getLogger(OperatorSignIn.class);
    private static final String RETRY_AFTER = OperatorSignIn.class.getName() + ".retry-after";

    enum Outcome {
        SIGNED_IN("signed-in"),
        WRONG_PASSWORD("wrong-password"),
        DELAYED("delayed"),
        LOCKED("locked");

        final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }
    }

    private final OperatorAccounts accounts;
    private final SignInThrottle throttle;
    private final MeterRegistry metrics;

    public OperatorSignIn(DataSource database, SignInThrottle throttle, MeterRegistry metrics) {
        this.accounts = new OperatorAccounts(database);
        this.throttle = throttle;
        this.metrics = metrics;
        // Every outcome's series exists from the start, so a rate of refusals reads zero rather than nothing.
        for (Outcome outcome : Outcome.values()) {
            count(outcome, 0);
        }
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        Attempt attempt = new Attempt(request.getUsername(), clientAddress(routing));
        char[] password = request.getPassword().getPassword();
        routing.addHeadersEndHandler(ended -> sendRefusedBackWithTheWait(routing));
        return context.runBlocking(() -> signIn(attempt, password, routing));
    }

    private SecurityIdentity signIn(Attempt attempt, char[] password, RoutingContext routing) {
        try {
            if (throttle.admit(attempt) instanceof Verdict.Refused refused) {
                count(refused.locked() ? Outcome.LOCKED : Outcome.DELAYED);
                LOG.infof(
                        "Console sign-in refused unchecked, from %s: too many failures, retry after %s",
                        attempt.address(), refused.retryAfter());
                routing.put(RETRY_AFTER, refused.retryAfter());
                throw new AuthenticationFailedException();
            }
            Optional<Operator> operator = accounts.find(attempt.account(), password);
            if (operator.isEmpty()) {
                throttle.failed(attempt);
                count(Outcome.WRONG_PASSWORD);
                // Not the name typed: a password typed into the name field must not reach the log.
                LOG.infof("Console sign-in failed from %s: unknown name or wrong password", attempt.address());
                throw new AuthenticationFailedException();
            }
            throttle.succeeded(attempt);
            count(Outcome.SIGNED_IN);
            LOG.infof(
                    "Operator %s signed in to the console from %s",
                    operator.get().name(), attempt.address());
            return operator.get().identity();
        } catch (SQLException unreachable) {
            throw new AuthenticationFailedException("The operators' database could not be reached", unreachable);
        }
    }

    /** Form authentication answers every failure with the error page; a refused attempt learns how long to wait instead. */
    private static void sendRefusedBackWithTheWait(RoutingContext routing) {
        Duration wait = routing.get(RETRY_AFTER);
        if (wait == null || routing.response().getStatusCode() != 302) {
            return;
        }
        long seconds = Math.max(1, wait.toSeconds() + (wait.toMillisPart() > 0 ? 1 : 0));
        routing.response()
                .headers()
                .set(HttpHeaders.LOCATION, ConsolePaths.SIGN_IN + "?retry-after=" + seconds)
                .set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    }

    private static String clientAddress(RoutingContext routing) {
        SocketAddress remote = routing.request().remoteAddress();
        return remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
    }

    private void count(Outcome outcome) {
        count(outcome, 1);
    }

    private void count(Outcome outcome, int times) {
        metrics.counter("orderlog.console.sign.ins", "outcome", outcome.tag).increment(times);
    }
}
