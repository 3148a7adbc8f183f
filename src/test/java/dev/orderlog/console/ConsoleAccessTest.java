package dev.orderlog.console;

import static dev.orderlog.console.ConsoleSignIns.CSRF_COOKIE;
import static dev.orderlog.console.ConsoleSignIns.SESSION_COOKIE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;

import dev.orderlog.TestTokens;
import dev.orderlog.devservices.DevConsoleUsers;
import dev.orderlog.order.readmodel.OrderProjection;
import dev.orderlog.platform.audit.OperatorLog;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.ReadStreamOptions;
import io.kurrent.dbclient.StreamNotFoundException;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * Who may open the console and how its forms are guarded, over plain HTTP: signed-out browsers are sent to sign in,
 * only operators (admin) get in, the console's cookie opens no API and a bearer token no page, and every action needs
 * its confirmation and the CSRF token and is recorded with the operator's name.
 */
@QuarkusTest
class ConsoleAccessTest {
    private static final List<String> PAGES = List.of("/console", "/console/projections", "/console/projections/" + OrderProjection.NAME,
            "/console/fulfilment", "/console/orders", "/console/streams/operator-log");
    private static final String REPLAY = "/console/projections/" + OrderProjection.NAME + "/replay";

    @Inject
    KurrentDBClient client;

    @Test
    void aSignedOutBrowserIsSentToSignInFromEveryPage() {
        for (String page : PAGES) {
            given().redirects().follow(false).get(page).then().statusCode(302).header("Location", endsWith("/console/sign-in"));
        }
        given().get("/console/sign-in").then().statusCode(200).contentType(containsString("text/html")).body(containsString("j_security_check"));
    }

    @Test
    void aBearerTokenOpensNoPageAndTheConsoleCookieOpensNoApi() {
        TestTokens.given().redirects().follow(false).get("/console/projections").then().statusCode(302).header("Location", endsWith("/console/sign-in"));
        String session = ConsoleSignIns.session(DevConsoleUsers.OPERATOR);
        given().cookie(SESSION_COOKIE, session).get("/admin/projections").then().statusCode(401);
        given().cookie(SESSION_COOKIE, session).post("/admin/projections/" + OrderProjection.NAME + "/parked/replay").then().statusCode(401);
    }

    @Test
    void operatorsGetInOthersAreRefusedAndAWrongPasswordIsSaidSo() {
        String operator = ConsoleSignIns.session(DevConsoleUsers.OPERATOR);
        for (String page : PAGES) {
            given().cookie(SESSION_COOKIE, operator).get(page).then().statusCode(200).contentType(containsString("text/html"))
                    .body(containsString("Signed in as <strong id=\"operator\">operator</strong>"));
        }
        String clerk = ConsoleSignIns.session(DevConsoleUsers.CLERK);
        for (String page : PAGES) {
            given().cookie(SESSION_COOKIE, clerk).redirects().follow(false).get(page).then().statusCode(403).contentType(containsString("text/html"))
                    .body(containsString("The console is for operators"));
        }
        var refused = ConsoleSignIns.signIn(DevConsoleUsers.OPERATOR, "not-the-password");
        refused.then().statusCode(302).header("Location", endsWith("/console/sign-in?failed=true"));
        assertThat(refused.getCookie(SESSION_COOKIE)).isNull();
        given().get("/console/sign-in?failed=true").then().body(containsString("did not match an operator"));
    }

    @Test
    void anActionNeedsItsConfirmationAndTheCsrfTokenAndIsRecordedWithTheOperatorsName() throws Exception {
        String session = ConsoleSignIns.session(DevConsoleUsers.OPERATOR);
        String token = ConsoleSignIns.csrfToken();
        long recorded = operatorLogLength();

        // No token: refused before anything runs.
        given().cookie(SESSION_COOKIE, session).contentType("application/x-www-form-urlencoded").formParam("confirmed", "yes")
                .post(REPLAY).then().statusCode(400);
        // A token that is not the cookie's: refused.
        given().cookie(SESSION_COOKIE, session).cookie(CSRF_COOKIE, token).contentType("application/x-www-form-urlencoded")
                .formParam("confirmed", "yes").formParam("csrf-token", ConsoleSignIns.csrfToken()).post(REPLAY).then().statusCode(400);
        // No body at all, and another content type: refused.
        given().cookie(SESSION_COOKIE, session).cookie(CSRF_COOKIE, token).post(REPLAY).then().statusCode(400);
        given().cookie(SESSION_COOKIE, session).cookie(CSRF_COOKIE, token).contentType("text/plain").body("confirmed=yes").post(REPLAY)
                .then().statusCode(415);
        // Not confirmed: refused with a page that says so.
        given().cookie(SESSION_COOKIE, session).cookie(CSRF_COOKIE, token).contentType("application/x-www-form-urlencoded")
                .formParam("csrf-token", token).post(REPLAY).then().statusCode(400).contentType(containsString("text/html"))
                .body(containsString("not confirmed"));
        // A clerk with a valid token: refused.
        given().cookie(SESSION_COOKIE, ConsoleSignIns.session(DevConsoleUsers.CLERK)).cookie(CSRF_COOKIE, token).contentType("application/x-www-form-urlencoded")
                .formParam("confirmed", "yes").formParam("csrf-token", token).post(REPLAY).then().statusCode(403);
        assertThat(operatorLogLength()).as("nothing refused was recorded").isEqualTo(recorded);

        given().cookie(SESSION_COOKIE, session).cookie(CSRF_COOKIE, token).redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("confirmed", "yes").formParam("csrf-token", token).post(REPLAY)
                .then().statusCode(303).header("Location", endsWith("/console/projections/" + OrderProjection.NAME + "?done=replay"));
        assertThat(operatorLogLength()).isEqualTo(recorded + 1);
        given().cookie(SESSION_COOKIE, session).get("/console/projections").then().statusCode(200)
                .body(containsString("replay parked events of <code>" + OrderProjection.NAME + "</code>"));
        String newest = new String(client.readStream(OperatorLog.STREAM, ReadStreamOptions.get().backwards().fromEnd().maxCount(1)).get()
                .getEvents().getFirst().getOriginalEvent().getEventData());
        assertThat(newest).contains("\"operator\":\"operator\"").contains("\"target\":\"" + OrderProjection.NAME + "\"");
    }

    @Test
    void signingOutEndsTheSession() {
        String session = ConsoleSignIns.session(DevConsoleUsers.OPERATOR);
        String token = ConsoleSignIns.csrfToken();
        var signedOut = given().cookie(SESSION_COOKIE, session).cookie(CSRF_COOKIE, token).redirects().follow(false)
                .contentType("application/x-www-form-urlencoded").formParam("csrf-token", token).post("/console/sign-out");
        signedOut.then().statusCode(303).header("Location", endsWith("/console/sign-in?signed-out=true"));
        assertThat(signedOut.getDetailedCookie(SESSION_COOKIE).getValue()).isEmpty();
    }

    private long operatorLogLength() throws InterruptedException {
        try {
            return client.readStream(OperatorLog.STREAM, ReadStreamOptions.get()).get().getEvents().size();
        } catch (ExecutionException missing) {
            if (missing.getCause() instanceof StreamNotFoundException) {
                return 0;
            }
            throw new IllegalStateException(missing);
        }
    }
}
