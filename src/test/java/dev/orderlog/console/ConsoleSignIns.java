package dev.orderlog.console;

import static io.restassured.RestAssured.given;

import dev.orderlog.devservices.DevConsoleUsers;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** The console's dev accounts and signing them in over plain HTTP (the browser tests sign in through the page). */
public final class ConsoleSignIns {
    static final String SESSION_COOKIE = "orderlog-console";
    /** What a browser sends with a form of the console's own pages (Fetch Metadata). */
    static final String FROM_OWN_PAGE = "same-origin";

    private ConsoleSignIns() {}

    static String password(String user) {
        try {
            return DevConsoleUsers.ofWorkingCopy().password(user);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    static Response signIn(String user, String password) {
        return given().redirects()
                .follow(false)
                .header("Sec-Fetch-Site", FROM_OWN_PAGE)
                .contentType("application/x-www-form-urlencoded")
                .formParams(Map.of("j_username", user, "j_password", password))
                .post("/console/j_security_check");
    }

    /** The session cookie of a signed-in console user. */
    public static String session(String user) {
        Response signedIn = signIn(user, password(user));
        String cookie = signedIn.getCookie(SESSION_COOKIE);
        if (cookie == null) {
            throw new IllegalStateException(
                    user + " could not sign in: " + signedIn.statusLine() + " " + signedIn.getHeader("Location"));
        }
        return cookie;
    }

    /** A console form posted from the console's own page by the signed-in user, its redirect not followed. */
    public static RequestSpecification ownForm(String session) {
        return given().cookie(SESSION_COOKIE, session)
                .header("Sec-Fetch-Site", FROM_OWN_PAGE)
                .redirects()
                .follow(false)
                .contentType("application/x-www-form-urlencoded");
    }

    /** A console page's HTML, as the signed-in user sees it. */
    public static String page(String session, String path) {
        return given().cookie(SESSION_COOKIE, session)
                .get(path)
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }
}
