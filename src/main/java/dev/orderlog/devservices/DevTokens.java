package dev.orderlog.devservices;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Signed bearer tokens for the tests and benchmarks, as an identity provider would issue them (the same claims that
 * {@code bin/dev-token} signs with openssl for people trying the service).
 */
public final class DevTokens {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private DevTokens() {}

    /** The claims of a token for {@code subject} in {@code role}, valid from now for {@code validity}. */
    public static Map<String, Object> claims(String role, String subject, Duration validity) {
        Instant now = Instant.now();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", DevJwtKeys.ISSUER);
        claims.put("aud", DevJwtKeys.AUDIENCE);
        claims.put("sub", subject);
        claims.put("upn", subject);
        claims.put("groups", List.of(role));
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(validity).getEpochSecond());
        return claims;
    }

    /** A compact JWS of {@code claims}, signed RS256. */
    public static String signed(Map<String, Object> claims, PrivateKey key) {
        String signingInput = encode(Map.of("alg", "RS256", "typ", "JWT")) + "." + encode(claims);
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + BASE64URL.encodeToString(rsa.sign());
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    public static String encode(Map<String, Object> part) {
        try {
            return BASE64URL.encodeToString(JSON.writeValueAsBytes(part));
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
