package dev.orderlog;

import dev.orderlog.devservices.DevJwtKeys;
import dev.orderlog.devservices.DevTokens;
import dev.orderlog.platform.web.Roles;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real signed bearer tokens for tests, signed with the working copy's dev key the test service trusts. Tests that are
 * not about identity act as an administrator, who may act for any customer.
 */
public final class TestTokens {
    public static final String ADMIN_SUBJECT = "test-admin";
    private static final Map<String, String> ISSUED = new ConcurrentHashMap<>();

    private TestTokens() {}

    /** A request as the test administrator. */
    public static RequestSpecification given() {
        return as(Roles.ADMIN, ADMIN_SUBJECT);
    }

    /** A request as {@code subject} in {@code role}. */
    public static RequestSpecification as(String role, String subject) {
        return RestAssured.given().auth().oauth2(token(role, subject));
    }

    public static String token(String role, String subject) {
        return ISSUED.computeIfAbsent(
                role + "\n" + subject, key -> signed(DevTokens.claims(role, subject, Duration.ofHours(1))));
    }

    public static String adminToken() {
        return token(Roles.ADMIN, ADMIN_SUBJECT);
    }

    /** {@code claims} signed with the key the service trusts. */
    public static String signed(Map<String, Object> claims) {
        return DevTokens.signed(claims, trustedKey());
    }

    private static PrivateKey trustedKey() {
        try {
            return DevJwtKeys.ofWorkingCopy().privateKey();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
