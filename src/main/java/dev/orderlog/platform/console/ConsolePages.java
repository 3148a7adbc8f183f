package dev.orderlog.platform.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.regex.Pattern;

/** What every console page shares: where the console lives, how it redirects, and how it shows an error. */
public final class ConsolePages {
    public static final String ROOT = "/console";
    static final String SIGN_IN = ROOT + "/sign-in";
    /** Where the sign-in form posts (quarkus.http.auth.form.post-location). */
    static final String SIGN_IN_FORM = ROOT + "/j_security_check";

    private static final Pattern MATRIX_PARAMETERS = Pattern.compile(";[^/]*");

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance error(int status, String title, String detail, String correlationId);
    }

    private ConsolePages() {}

    /**
     * Whether a request path is one of the console's (its errors are pages, its forms are checked, its headers its own),
     * read as Quarkus' security reads it: matrix parameters ({@code /console;x/...}) dropped.
     */
    public static boolean covers(String path) {
        // Asked of every request (headers, forms): the pattern is compiled once and used only where a ';' is.
        String plain =
                path.indexOf(';') < 0 ? path : MATRIX_PARAMETERS.matcher(path).replaceAll("");
        return plain.equals(ROOT) || plain.startsWith(ROOT + "/") || plain.endsWith(SIGN_IN_FORM);
    }

    /** After a form is handled, the browser loads the next page with GET (post/redirect/get). */
    public static Response seeOther(String location) {
        return Response.seeOther(URI.create(location)).build();
    }

    /** A browser whose sign-in failed, or whose session ended, is sent to sign in (again). */
    public static Response signInAgain(String path) {
        return Response.status(Response.Status.FOUND)
                .location(URI.create(path.equals(SIGN_IN_FORM) ? SIGN_IN + "?failed=true" : SIGN_IN))
                .build();
    }

    public static Response.ResponseBuilder error(int status, String title, String detail, String correlationId) {
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.error(status, title, detail, correlationId).render());
    }
}
