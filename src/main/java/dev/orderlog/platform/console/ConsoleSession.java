package dev.orderlog.platform.console;

import io.quarkus.csrf.reactive.runtime.CsrfTokenParameterProvider;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.Cookie;
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
     * The token for this page's forms: the one the CSRF filter took from the request's cookie, or, where the filter did
     * not run (a page refused before it), the cookie's own. The console's entry pages make the cookie
     * (quarkus.rest-csrf.create-token-path); without one, forms are refused until the console is opened again.
     */
    public String csrfToken() {
        try {
            return csrf.getToken();
        } catch (IllegalStateException notTakenYet) {
            Cookie cookie = request.getCurrent().request().getCookie(csrf.getCookieName());
            return cookie == null ? "" : cookie.getValue();
        }
    }
}
