package dev.orderlog.platform.console;

import io.quarkus.csrf.reactive.runtime.CsrfTokenParameterProvider;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

/** What every console page shows of the session: who is signed in, and the CSRF token its forms carry ({@code inject:console.*}). */
@Named("console")
@RequestScoped
public class ConsoleSession {
    private final CurrentVertxRequest request;
    private final CsrfTokenParameterProvider csrf;

    public ConsoleSession(CurrentVertxRequest request, CsrfTokenParameterProvider csrf) {
        this.request = request;
        this.csrf = csrf;
    }

    /** Who the request was authenticated as; read from the request, as an error page may render before anyone is. */
    public String operator() {
        return request.getCurrent().user() instanceof QuarkusHttpUser user && !user.getSecurityIdentity().isAnonymous()
                ? user.getSecurityIdentity().getPrincipal().getName() : "";
    }

    public String csrfField() {
        return csrf.getParameterName();
    }

    /**
     * The token for this page's forms. The console's entry pages make one (quarkus.rest-csrf.create-token-path); a page
     * reached without it renders, and its forms are refused with a page that says to open the console again.
     */
    public String csrfToken() {
        try {
            return csrf.getToken();
        } catch (IllegalStateException none) {
            return "";
        }
    }
}
