package dev.orderlog.security;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.devservices.DevJwtKeys;
import dev.orderlog.devservices.DevTokens;
import dev.orderlog.platform.web.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rotating the identity provider's signing key (docs/runbook.md, Secret rotation): while the service is given a JWKS
 * with the old and the new public key, tokens signed with either are accepted, and one signed with a key it was not
 * given is refused.
 */
@QuarkusTest
@TestProfile(JwtKeyRotationTest.BothKeysPublished.class)
class JwtKeyRotationTest {
    // Kept in files: the profile and the test run in class loaders of their own, and must see the same keys.
    private static final DevJwtKeys OLD = keysIn("old");
    private static final DevJwtKeys NEW = keysIn("new");
    private static final DevJwtKeys UNKNOWN = keysIn("unknown");

    /** The service verifying with a JWKS that holds the old and the new key. */
    public static class BothKeysPublished implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Map<String, Object> set = Map.of("keys", List.of(jwk("old", OLD), jwk("new", NEW)));
                // Inline: with a key given, the dev services add none of their own.
                return Map.of(
                        "mp.jwt.verify.publickey",
                        new ObjectMapper().writeValueAsString(set),
                        "mp.jwt.verify.issuer",
                        DevJwtKeys.ISSUER);
            } catch (IOException unwritable) {
                throw new UncheckedIOException(unwritable);
            }
        }
    }

    @Test
    void tokensOfTheOldAndTheNewKeyAreAcceptedWhileBothArePublished() {
        given().auth()
                .oauth2(token("old", OLD))
                .get("/stock/sku-rotation")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(token("new", NEW))
                .get("/stock/sku-rotation")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(token("new", UNKNOWN))
                .get("/stock/sku-rotation")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
    }

    private static String token(String keyId, DevJwtKeys keys) {
        Map<String, Object> header = new LinkedHashMap<>(Map.of("alg", "RS256", "typ", "JWT", "kid", keyId));
        String signingInput = DevTokens.encode(header) + "."
                + DevTokens.encode(DevTokens.claims(Roles.ADMIN, "rotating-admin", Duration.ofMinutes(5)));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(keys.privateKey());
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
        } catch (GeneralSecurityException | IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static Map<String, Object> jwk(String keyId, DevJwtKeys keys) {
        RSAPublicKey key = publicKeyOf(keys);
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        return Map.of(
                "kty",
                "RSA",
                "kid",
                keyId,
                "use",
                "sig",
                "alg",
                "RS256",
                "n",
                url.encodeToString(unsigned(key.getModulus().toByteArray())),
                "e",
                url.encodeToString(unsigned(key.getPublicExponent().toByteArray())));
    }

    /** A big integer's bytes without the sign byte Java adds. */
    private static byte[] unsigned(byte[] bytes) {
        return bytes.length > 1 && bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static RSAPublicKey publicKeyOf(DevJwtKeys keys) {
        try {
            String pem = Files.readString(keys.publicKeyFile()).replaceAll("-----[A-Z ]+-----|\\s", "");
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException | GeneralSecurityException unreadable) {
            throw new IllegalStateException(unreadable);
        }
    }

    private static DevJwtKeys keysIn(String name) {
        try {
            return DevJwtKeys.in(Path.of("target", "jwt-rotation", name));
        } catch (IOException unwritable) {
            throw new UncheckedIOException(unwritable);
        }
    }
}
