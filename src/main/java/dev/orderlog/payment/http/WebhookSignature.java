package dev.orderlog.payment.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook's signature in the style of Stripe and Standard Webhooks: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "t.body">}. The time is inside what is signed, so a captured webhook is worth nothing after {@link #MAX_AGE}; one
 * signed further ahead than {@link #CLOCKS_APART} is refused as well. Several {@code v1} (a secret being rotated) may
 * be given; one that verifies is enough.
 */
public final class WebhookSignature {
    public static final Duration MAX_AGE = Duration.ofMinutes(5);
    /** The same allowance for clocks apart as for tokens. */
    public static final Duration CLOCKS_APART = Duration.ofSeconds(30);

    private static final Pattern TIMESTAMP = Pattern.compile("(?:^|,)\\s*t=(\\d{1,12})\\s*(?:,|$)");
    private static final Pattern SIGNATURE = Pattern.compile("(?:^|,)\\s*v1=([0-9a-f]{64})\\s*(?=,|$)");

    private WebhookSignature() {}

    /** The header value that signs {@code body} at {@code at} under {@code secret}. */
    public static String sign(byte[] body, String secret, Instant at) {
        long seconds = at.getEpochSecond();
        return "t=" + seconds + ",v1=" + HexFormat.of().formatHex(mac(seconds, body, secret));
    }

    /** Whether {@code header} signs {@code body} under {@code secret}, at a time neither too old nor ahead of {@code now}. */
    public static boolean verifies(String header, byte[] body, String secret, Instant now) {
        if (header == null || header.length() > 1024) {
            return false;
        }
        Matcher timestamp = TIMESTAMP.matcher(header);
        if (!timestamp.find()) {
            return false;
        }
        long seconds = Long.parseLong(timestamp.group(1));
        Instant signedAt = Instant.ofEpochSecond(seconds);
        if (signedAt.isBefore(now.minus(MAX_AGE)) || signedAt.isAfter(now.plus(CLOCKS_APART))) {
            return false;
        }
        byte[] expected = mac(seconds, body, secret);
        Matcher signature = SIGNATURE.matcher(header);
        boolean verified = false;
        while (signature.find()) {
            verified |= MessageDigest.isEqual(expected, HexFormat.of().parseHex(signature.group(1)));
        }
        return verified;
    }

    private static byte[] mac(long seconds, byte[] body, String secret) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            hmac.update((seconds + ".").getBytes(StandardCharsets.US_ASCII));
            return hmac.doFinal(body);
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
