package dev.orderlog.payment;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** The payment provider ({@code orderlog.payments.*}); its base URL is {@code quarkus.rest-client.payment-provider.url}. */
@ConfigMapping(prefix = "orderlog.payments")
public interface PaymentSettings {

    /** The secret the provider signs webhooks with (HMAC-SHA256 over the body). From the environment, never in code. */
    String webhookSecret();

    /** Where the provider sends webhooks; by default this instance's own {@code /webhooks/payments}. */
    Optional<String> notifyUrl();
}
