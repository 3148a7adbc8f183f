package dev.orderlog.ops;

import static dev.orderlog.TestTokens.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.orderlog.TestTokens;
import dev.orderlog.platform.kurrentdb.ConnectionStrings;
import dev.orderlog.platform.web.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * No password or bearer token reaches the logs; the API allows no cross-origin use unless CORS is configured; every response carries
 * the usual security headers.
 */
@QuarkusTest
class SecretsAndHeadersTest {
    /** The embedded KurrentDB's default password, which its connection string carries. */
    private static final String KURRENTDB_PASSWORD = "changeit";

    @Test
    void connectionStringsAreLoggedWithoutTheirPasswords() throws Exception {
        // What the tests' application logged (the packaged service's own log is scanned by GracefulShutdownIT).
        String logged = Files.readString(Path.of("target/quarkus-test.log"), StandardCharsets.UTF_8);
        assertThat(logged).contains("Projection order-read-model subscribed").doesNotContain(KURRENTDB_PASSWORD);
        assertThat(ConnectionStrings.withoutPassword("kurrentdb://admin:s3cret@node1:2113,node2:2113?tls=true"))
                .isEqualTo("kurrentdb://admin:***@node1:2113,node2:2113?tls=true");
        assertThat(ConnectionStrings.withoutPassword(
                        "jdbc:postgresql://db:5432/orderlog?user=app&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/orderlog?user=app&password=***&ssl=true");
        assertThat(ConnectionStrings.withoutPassword("kurrentdb://node1:2113?tls=false"))
                .isEqualTo("kurrentdb://node1:2113?tls=false");
    }

    @Test
    void bearerTokensNeverReachTheLogs() throws Exception {
        String forged = TestTokens.token(Roles.ADMIN, "mallory").replaceFirst("\\.[^.]+$", ".c2lnbmF0dXJl");
        RestAssured.given().auth().oauth2(forged).get("/orders").then().statusCode(401);
        given().get("/orders").then().statusCode(200);
        String logged = Files.readString(Path.of("target/quarkus-test.log"), StandardCharsets.UTF_8);
        assertThat(logged)
                .doesNotContain(TestTokens.adminToken())
                .doesNotContain(forged)
                .doesNotContainPattern("eyJ[A-Za-z0-9_-]{8,}\\.eyJ");
    }

    @Test
    void aCrossOriginRequestGetsNoCorsPermission() {
        given().header("Origin", "https://elsewhere.example")
                .header("Access-Control-Request-Method", "POST")
                .options("/orders")
                .then()
                .header("Access-Control-Allow-Origin", nullValue());
        String id = given().contentType(ContentType.JSON)
                .body("{\"customerId\":\"c-cors\",\"currency\":\"EUR\"}")
                .post("/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().header("Origin", "https://elsewhere.example")
                .get("/orders/" + id + "/state")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue());
    }

    private static void securityHeaders(ValidatableResponse response) {
        response.header("X-Content-Type-Options", equalTo("nosniff"))
                .header("X-Frame-Options", equalTo("DENY"))
                .header("Referrer-Policy", equalTo("no-referrer"))
                .header("Content-Security-Policy", equalTo("default-src 'none'; frame-ancestors 'none'"))
                .header("Cache-Control", equalTo("no-store"));
    }

    @Test
    void answersProblemsAndRefusalsAllCarryTheSecurityHeaders() {
        String id = given().contentType(ContentType.JSON)
                .body("{\"customerId\":\"c-headers\",\"currency\":\"EUR\"}")
                .post("/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        securityHeaders(given().get("/orders/" + id + "/state").then().statusCode(200));
        securityHeaders(given().get("/orders/no-such-order/state").then().statusCode(404));
        securityHeaders(
                RestAssured.given().get("/orders/" + id + "/state").then().statusCode(401));
        securityHeaders(given().contentType(ContentType.JSON)
                .body("{\"reason\":\"" + "x".repeat(70_000) + "\"}")
                .post("/orders/" + id + "/cancel")
                .then()
                .statusCode(413));
        OperationsTest.management()
                .get("/q/health/live")
                .then()
                .statusCode(200)
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("Content-Security-Policy", nullValue());
    }
}
