package dev.orderlog.console;

import static dev.orderlog.console.ConsoleSignIns.FROM_OWN_PAGE;
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
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Who may open the console and how its forms are guarded, over plain HTTP: signed-out browsers are sent to sign in,
 * only operators (admin) get in, the console's cookie opens no API and a bearer token no page, and an action is taken
 * only from the console's own pages, only confirmed, and is recorded with the operator's name.
 */
@QuarkusTest
class ConsoleAccessTest {
    private static final List<String> PAGES = List.of(
            "/console",
            "/console/projections",
            "/console/projections/" + OrderProjection.NAME,
            "/console/fulfilment",
            "/console/orders",
            "/console/streams/operator-log");
    private static final String REPLAY = "/console/projections/" + OrderProjection.NAME + "/replay";

    @Inject
    KurrentDBClient client;

    @Test
    void aSignedOutBrowserIsSentToSignInFromEveryPage() {
        for (String page : PAGES) {
            given().redirects()
                    .follow(false)
                    .get(page)
                    .then()
                    .statusCode(302)
                    .header("Location", endsWith("/console/sign-in"));
        }
        given().get("/console/sign-in")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("j_security_check"))
                // Forms must carry their Origin (SameOriginForms), so the console's pages send it to themselves.
                .header("Referrer-Policy", "same-origin")
                .header("Content-Security-Policy", containsString("script-src 'self'"));
    }

    @Test
    void aBearerTokenOpensNoPageAndTheConsoleCookieOpensNoApi() {
        TestTokens.given()
                .redirects()
                .follow(false)
                .get("/console/projections")
                .then()
                .statusCode(302)
                .header("Location", endsWith("/console/sign-in"));
        String session = ConsoleSignIns.session(DevConsoleUsers.OPERATOR);
        given().cookie(SESSION_COOKIE, session).get("/admin/projections").then().statusCode(401);
        given().cookie(SESSION_COOKIE, session)
                .post("/admin/projections/" + OrderProjection.NAME + "/parked/replay")
                .then()
                .statusCode(401);
    }

    @Test
    void operatorsGetInOthersAreRefusedAndAWrongPasswordIsSaidSo() {
        String operator = ConsoleSignIns.session(DevConsoleUsers.OPERATOR);
        for (String page : PAGES) {
            given().cookie(SESSION_COOKIE, operator)
                    .get(page)
                    .then()
                    .statusCode(200)
                    .contentType(containsString("text/html"))
                    .body(containsString("Signed in as <strong id=\"operator\">operator</strong>"));
        }
        String clerk = ConsoleSignIns.session(DevConsoleUsers.CLERK);
        for (String page : PAGES) {
            given().cookie(SESSION_COOKIE, clerk)
                    .redirects()
                    .follow(false)
                    .get(page)
                    .then()
                    .statusCode(403)
                    .contentType(containsString("text/html"))
                    .body(containsString("The console is for operators"));
        }
        var refused = ConsoleSignIns.signIn(DevConsoleUsers.OPERATOR, "not-the-password");
        refused.then().statusCode(302).header("Location", endsWith("/console/sign-in?failed=true"));
        assertThat(refused.getCookie(SESSION_COOKIE)).isNull();
        given().get("/console/sign-in?failed=true").then().body(containsString("did not match an operator"));
    }

    @Test
    void anActionIsTakenOnlyFromTheConsolesOwnPagesOnlyConfirmedAndIsRecordedWithTheOperatorsName() throws Exception {
        String session = ConsoleSignIns.session(DevConsoleUsers.OPERATOR);
        long recorded = operatorLogLength();

        // From another site, or with nothing to say where from: refused before anything runs.
        form(session)
                .header("Sec-Fetch-Site", "cross-site")
                .formParam("confirmed", "yes")
                .post(REPLAY)
                .then()
                .statusCode(403);
        form(session)
                .header("Sec-Fetch-Site", "same-site")
                .formParam("confirmed", "yes")
                .post(REPLAY)
                .then()
                .statusCode(403);
        form(session)
                .header("Origin", "https://elsewhere.example")
                .formParam("confirmed", "yes")
                .post(REPLAY)
                .then()
                .statusCode(403);
        form(session).formParam("confirmed", "yes").post(REPLAY).then().statusCode(403);
        // A sign-in posted from another site (login CSRF) is refused too, however its path is dressed up.
        for (String signIn : List.of(
                "/console/j_security_check", "/console;x/console/j_security_check", "/console/./j_security_check")) {
            var refused = given().header("Sec-Fetch-Site", "cross-site")
                    .contentType("application/x-www-form-urlencoded")
                    .formParams(Map.of(
                            "j_username",
                            DevConsoleUsers.OPERATOR,
                            "j_password",
                            ConsoleSignIns.password(DevConsoleUsers.OPERATOR)))
                    .redirects()
                    .follow(false)
                    .urlEncodingEnabled(false)
                    .post(signIn);
            refused.then().statusCode(403);
            assertThat(refused.getCookie(SESSION_COOKIE)).as(signIn).isNull();
        }
        form(session)
                .header("Sec-Fetch-Site", "cross-site")
                .urlEncodingEnabled(false)
                .formParam("confirmed", "yes")
                .post("/console;x/projections/" + OrderProjection.NAME + "/replay")
                .then()
                .statusCode(403);
        // From the console, but another content type, no body, or not confirmed: refused.
        ownPage(session)
                .contentType("text/plain")
                .body("confirmed=yes")
                .post(REPLAY)
                .then()
                .statusCode(415);
        ownPage(session).post(REPLAY).then().statusCode(400);
        form(session)
                .header("Sec-Fetch-Site", FROM_OWN_PAGE)
                .post(REPLAY)
                .then()
                .statusCode(400)
                .contentType(containsString("text/html"))
                .body(containsString("not confirmed"));
        // A clerk: refused.
        form(ConsoleSignIns.session(DevConsoleUsers.CLERK))
                .header("Sec-Fetch-Site", FROM_OWN_PAGE)
                .formParam("confirmed", "yes")
                .post(REPLAY)
                .then()
                .statusCode(403);
        assertThat(operatorLogLength()).as("nothing refused was recorded").isEqualTo(recorded);

        // From the console's own page, by Fetch Metadata or, from an older browser, by Origin.
        form(session)
                .header("Sec-Fetch-Site", FROM_OWN_PAGE)
                .formParam("confirmed", "yes")
                .post(REPLAY)
                .then()
                .statusCode(303)
                .header("Location", endsWith("/console/projections/" + OrderProjection.NAME + "?done=replay"));
        form(session)
                .header("Origin", "http://localhost:" + RestAssured.port)
                .formParam("confirmed", "yes")
                .post(REPLAY)
                .then()
                .statusCode(303);
        assertThat(operatorLogLength()).isEqualTo(recorded + 2);
        given().cookie(SESSION_COOKIE, session)
                .get("/console/projections")
                .then()
                .statusCode(200)
                .body(containsString("replay parked events of <code>" + OrderProjection.NAME + "</code>"));
        String newest = new String(client.readStream(
                        OperatorLog.STREAM,
                        ReadStreamOptions.get().backwards().fromEnd().maxCount(1))
                .get()
                .getEvents()
                .getFirst()
                .getOriginalEvent()
                .getEventData());
        assertThat(newest)
                .contains("\"operator\":\"operator\"")
                .contains("\"target\":\"" + OrderProjection.NAME + "\"");
    }

    @Test
    void signingOutEndsTheSessionInTheBrowser() {
        String session = ConsoleSignIns.session(DevConsoleUsers.OPERATOR);
        form(session)
                .header("Sec-Fetch-Site", "cross-site")
                .post("/console/sign-out")
                .then()
                .statusCode(403);
        given().cookie(SESSION_COOKIE, session)
                .get("/console/projections")
                .then()
                .statusCode(200);
        var signedOut = form(session).header("Sec-Fetch-Site", FROM_OWN_PAGE).post("/console/sign-out");
        signedOut.then().statusCode(303).header("Location", endsWith("/console/sign-in?signed-out=true"));
        assertThat(signedOut.getDetailedCookie(SESSION_COOKIE).getValue()).isEmpty();
    }

    /** A form post with the session's cookie, saying nothing yet of where it comes from. */
    private static RequestSpecification form(String session) {
        return given().cookie(SESSION_COOKIE, session)
                .redirects()
                .follow(false)
                .contentType("application/x-www-form-urlencoded");
    }

    private static RequestSpecification ownPage(String session) {
        return given().cookie(SESSION_COOKIE, session)
                .redirects()
                .follow(false)
                .header("Sec-Fetch-Site", FROM_OWN_PAGE);
    }

    @Test
    void passwordsSessionsAndTheSessionKeyNeverReachTheLogs() throws Exception {
        String wrong = "wrong-" + UUID.randomUUID();
        ConsoleSignIns.signIn(DevConsoleUsers.OPERATOR, wrong).then().statusCode(302);
        String session = ConsoleSignIns.session(DevConsoleUsers.OPERATOR);
        given().cookie(SESSION_COOKIE, session)
                .get("/console/projections")
                .then()
                .statusCode(200);
        String logged = Files.readString(Path.of("target/quarkus-test.log"), StandardCharsets.UTF_8);
        assertThat(logged)
                .doesNotContain(ConsoleSignIns.password(DevConsoleUsers.OPERATOR))
                .doesNotContain(wrong)
                .doesNotContain(session)
                .doesNotContain(
                        ConfigProvider.getConfig().getValue("quarkus.http.auth.session.encryption-key", String.class))
                .doesNotContain("Encryption key was not specified");
    }

    private long operatorLogLength() throws InterruptedException {
        try {
            return client.readStream(OperatorLog.STREAM, ReadStreamOptions.get())
                    .get()
                    .getEvents()
                    .size();
        } catch (ExecutionException missing) {
            if (missing.getCause() instanceof StreamNotFoundException) {
                return 0;
            }
            throw new IllegalStateException(missing);
        }
    }
}
