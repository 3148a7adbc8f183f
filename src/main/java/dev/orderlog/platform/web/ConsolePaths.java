package dev.orderlog.platform.web;

import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.regex.Pattern;

/**
 * Where the operator console lives. The web edge must know it to answer there as a browser expects (pages, not
 * problem+json; its own headers), while the console itself builds on the web edge, so its paths are kept here.
 */
public final class ConsolePaths {
    public static final String ROOT = "/console";
    public static final String SIGN_IN = ROOT + "/sign-in";
    /** Where the sign-in form posts (quarkus.http.auth.form.post-location). */
    public static final String SIGN_IN_FORM = ROOT + "/j_security_check";

    private static final Pattern MATRIX_PARAMETERS = Pattern.compile(";[^/]*");

    private ConsolePaths() {}

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

    /** A browser whose sign-in failed, or whose session ended, is sent to sign in (again). */
    public static Response signInAgain(String path) {
        return Response.status(Response.Status.FOUND)
                .location(URI.create(path.equals(SIGN_IN_FORM) ? SIGN_IN + "?failed=true" : SIGN_IN))
                .build();
    }
}
