package dev.orderlog.platform.console;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

/** What every console page shows of who is signed in ({@code inject:console.operator} in the templates). */
@Named("console")
@RequestScoped
public class ConsoleSession {
    private final CurrentVertxRequest request;

    public ConsoleSession(CurrentVertxRequest request) {
        this.request = request;
    }

    /** Who the request was authenticated as; read from the request, as an error page may render before anyone is. */
    public String operator() {
        return request.getCurrent().user() instanceof QuarkusHttpUser user
                        && !user.getSecurityIdentity().isAnonymous()
                ? user.getSecurityIdentity().getPrincipal().getName()
                : "";
    }
}
