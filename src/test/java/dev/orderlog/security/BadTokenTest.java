package dev.orderlog.security;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.orderlog.TestTokens;
import dev.orderlog.devservices.DevJwtKeys;
import dev.orderlog.devservices.DevTokens;
import dev.orderlog.platform.web.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Real signed tokens that must not be trusted: each is refused with 401 problem+json and changes nothing. */
@QuarkusTest
class BadTokenTest {
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    @Test
    void expiredNotYetValidForeignForgedOrUnsignedTokensAreRefusedAndChangeNothing() throws Exception {
        String orderId = TestTokens.given()
                .contentType(ContentType.JSON)
                .body("{\"customerId\":\"c-bad-token\",\"currency\":\"EUR\"}")
                .post("/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Instant now = Instant.now();
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("expired", TestTokens.signed(claims(c -> {
            c.put("iat", now.minus(Duration.ofHours(2)).getEpochSecond());
            c.put("exp", now.minus(Duration.ofMinutes(10)).getEpochSecond());
            return c;
        })));
        refused.put("not yet valid", TestTokens.signed(claims(c -> {
            c.put("nbf", now.plus(Duration.ofMinutes(10)).getEpochSecond());
            return c;
        })));
        refused.put("valid only from 40 s on (30 s allowed for clocks apart)", TestTokens.signed(claims(c -> {
            c.put("nbf", now.plusSeconds(40).getEpochSecond());
            return c;
        })));
        refused.put("expired 40 s ago", TestTokens.signed(claims(c -> {
            c.put("iat", now.minusSeconds(600).getEpochSecond());
            c.put("exp", now.minusSeconds(40).getEpochSecond());
            return c;
        })));
        refused.put("without sub, naming a user by upn and preferred_username only", TestTokens.signed(claims(c -> {
            c.remove("sub");
            c.put("preferred_username", "c-1");
            return c;
        })));
        refused.put("wrong issuer", TestTokens.signed(claims(c -> {
            c.put("iss", "https://issuer.example");
            return c;
        })));
        refused.put("another audience", TestTokens.signed(claims(c -> {
            c.put("aud", "another-service");
            return c;
        })));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        refused.put(
                "wrong signature",
                DevTokens.signed(
                        claims(UnaryOperator.identity()),
                        generator.generateKeyPair().getPrivate()));
        refused.put(
                "alg none",
                DevTokens.encode(Map.of("alg", "none", "typ", "JWT")) + "."
                        + DevTokens.encode(claims(UnaryOperator.identity())) + ".");
        refused.put("HS256 keyed with the public key", hmacSignedWithPublicKey());
        refused.put("not a token", "not-a-token");

        refused.forEach((what, token) -> RestAssured.given()
                .auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body("{\"reason\":\"" + what + "\"}")
                .post("/orders/" + orderId + "/cancel")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("status", equalTo(401)));

        TestTokens.given()
                .get("/orders/" + orderId + "/events")
                .then()
                .statusCode(200)
                .body("", hasSize(1));
    }

    @Test
    void clocksUpTo30SecondsApartAreAllowedTheSameAtBothEnds() {
        Instant now = Instant.now();
        String earlyByTwenty = TestTokens.signed(claims(c -> {
            c.put("nbf", now.plusSeconds(20).getEpochSecond());
            return c;
        }));
        String lateByTwenty = TestTokens.signed(claims(c -> {
            c.put("iat", now.minusSeconds(600).getEpochSecond());
            c.put("exp", now.minusSeconds(20).getEpochSecond());
            return c;
        }));
        RestAssured.given().auth().oauth2(earlyByTwenty).get("/orders").then().statusCode(200);
        RestAssured.given().auth().oauth2(lateByTwenty).get("/orders").then().statusCode(200);
    }

    @Test
    void aValidTokenWithoutARoleIsForbidden() {
        String noRole = TestTokens.signed(claims(c -> {
            c.remove("groups");
            return c;
        }));
        RestAssured.given()
                .auth()
                .oauth2(noRole)
                .get("/orders")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
    }

    /** The claims of a valid admin token, changed by {@code change}. */
    private static Map<String, Object> claims(UnaryOperator<Map<String, Object>> change) {
        return change.apply(new LinkedHashMap<>(DevTokens.claims(Roles.ADMIN, "mallory", Duration.ofMinutes(30))));
    }

    /** The classic algorithm confusion: the verification key's own bytes used as an HMAC secret. */
    private static String hmacSignedWithPublicKey() throws Exception {
        byte[] publicKey = Files.readAllBytes(DevJwtKeys.ofWorkingCopy().publicKeyFile());
        String signingInput = DevTokens.encode(Map.of("alg", "HS256", "typ", "JWT")) + "."
                + DevTokens.encode(claims(UnaryOperator.identity()));
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(publicKey, "HmacSHA256"));
        return signingInput + "."
                + BASE64URL.encodeToString(hmac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }
}
