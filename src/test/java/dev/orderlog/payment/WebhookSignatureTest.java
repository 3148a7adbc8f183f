package dev.orderlog.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderlog.payment.http.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A webhook's signature covers its time: a captured one is worth nothing after five minutes, nor one from the future. */
class WebhookSignatureTest {
    private static final byte[] BODY =
            "{\"id\":\"evt-1\",\"type\":\"charge.approved\"}".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    @Test
    void aFreshSignatureOfThisBodyWithThisSecretVerifies() {
        assertThat(WebhookSignature.verifies(WebhookSignature.sign(BODY, "s3cret", NOW), BODY, "s3cret", NOW))
                .isTrue();
        assertThat(WebhookSignature.verifies(
                        WebhookSignature.sign(BODY, "s3cret", NOW.minusSeconds(299)), BODY, "s3cret", NOW))
                .isTrue();
        assertThat(WebhookSignature.verifies(
                        WebhookSignature.sign(BODY, "s3cret", NOW.plusSeconds(29)), BODY, "s3cret", NOW))
                .isTrue();
    }

    @Test
    void aStaleFutureForeignTamperedOrMalformedSignatureIsRefused() {
        assertThat(WebhookSignature.verifies(
                        WebhookSignature.sign(BODY, "s3cret", NOW.minusSeconds(301)), BODY, "s3cret", NOW))
                .as("stale")
                .isFalse();
        assertThat(WebhookSignature.verifies(
                        WebhookSignature.sign(BODY, "s3cret", NOW.plusSeconds(31)), BODY, "s3cret", NOW))
                .as("future")
                .isFalse();
        assertThat(WebhookSignature.verifies(WebhookSignature.sign(BODY, "other", NOW), BODY, "s3cret", NOW))
                .as("another secret")
                .isFalse();
        String signed = WebhookSignature.sign(BODY, "s3cret", NOW);
        assertThat(WebhookSignature.verifies(
                        signed, "{\"id\":\"evt-2\"}".getBytes(StandardCharsets.UTF_8), "s3cret", NOW))
                .as("another body")
                .isFalse();
        String replayedWithNewTime = signed.replace(
                "t=" + NOW.getEpochSecond(), "t=" + NOW.plusSeconds(200).getEpochSecond());
        assertThat(WebhookSignature.verifies(replayedWithNewTime, BODY, "s3cret", NOW.plusSeconds(400)))
                .as("time changed, signature kept")
                .isFalse();
        for (String malformed : new String[] {
            null,
            "",
            "sha256=abc",
            "t=,v1=",
            "v1=" + signed.substring(signed.indexOf("v1=") + 3),
            "t=" + NOW.getEpochSecond()
        }) {
            assertThat(WebhookSignature.verifies(malformed, BODY, "s3cret", NOW))
                    .as("%s", malformed)
                    .isFalse();
        }
    }

    @Test
    void oneVerifyingSignatureAmongSeveralIsEnoughWhileASecretRotates() {
        String signed = WebhookSignature.sign(BODY, "new", NOW);
        String rotating =
                signed + ",v1=" + WebhookSignature.sign(BODY, "old", NOW).substring(signed.indexOf("v1=") + 3);
        assertThat(WebhookSignature.verifies(rotating, BODY, "old", NOW)).isTrue();
        assertThat(WebhookSignature.verifies(rotating, BODY, "new", NOW)).isTrue();
    }
}
