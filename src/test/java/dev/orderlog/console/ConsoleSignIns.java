package dev.orderlog.console;

import static io.restassured.RestAssured.given;

import dev.orderlog.devservices.DevConsoleUsers;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** The console's dev accounts and signing them in over plain HTTP (the browser tests sign in through the page). */
final class ConsoleSignIns {
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
    static String session(String user) {
        Response signedIn = signIn(user, password(user));
        String cookie = signedIn.getCookie(SESSION_COOKIE);
        if (cookie == null) {
            throw new IllegalStateException(
                    user + " could not sign in: " + signedIn.statusLine() + " " + signedIn.getHeader("Location"));
        }
        return cookie;
    }
}
