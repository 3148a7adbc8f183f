package dev.orderlog.payment.provider;

import dev.orderlog.payment.PaymentGateway;
import dev.orderlog.payment.PaymentProviderUnavailable;
import dev.orderlog.payment.PaymentSettings;
import io.quarkus.vertx.http.HttpServer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The gateway over the provider's HTTP API: each call bounded by a timeout, retried a few times with the same
 * idempotency key (so a retried charge is one charge), behind a circuit breaker so a provider that is down is not
 * hammered. An outcome still unknown after that is {@link PaymentProviderUnavailable}.
 */
@ApplicationScoped
public class HttpPaymentGateway implements PaymentGateway {
    private static final Logger LOG = Logger.getLogger(HttpPaymentGateway.class);
    private final GuardedProviderCalls calls;
    private final PaymentSettings settings;
    private final HttpServer server;
    private final ProviderCallMetrics metrics;

    public HttpPaymentGateway(
            GuardedProviderCalls calls, PaymentSettings settings, HttpServer server, ProviderCallMetrics metrics) {
        this.calls = calls;
        this.settings = settings;
        this.server = server;
        this.metrics = metrics;
    }

    @Override
    public ChargeOutcome charge(String idempotencyKey, Charge charge) {
        try {
            return outcomeOf(metrics.timed(
                    "charge",
                    () -> calls.charge(
                            idempotencyKey,
                            new ProviderApi.ChargeRequest(
                                    charge.orderId(),
                                    charge.customerId(),
                                    charge.amountMinor(),
                                    charge.currency(),
                                    notifyUrl()))));
        } catch (ProviderErrors.Rejected rejected) {
            return new ChargeOutcome.Declined("rejected by the payment provider (HTTP " + rejected.status() + ")");
        } catch (RuntimeException unknown) {
            throw unavailable("charge " + idempotencyKey, unknown);
        }
    }

    @Override
    public RefundOutcome refund(String idempotencyKey, Refund refund) {
        try {
            ProviderApi.RefundResponse answer = metrics.timed(
                    "refund",
                    () -> calls.refund(
                            idempotencyKey,
                            new ProviderApi.RefundRequest(
                                    refund.orderId(),
                                    refund.chargeId(),
                                    refund.amountMinor(),
                                    refund.currency(),
                                    notifyUrl())));
            return "refunded".equals(answer.status())
                    ? new RefundOutcome.Refunded(answer.refundId())
                    : new RefundOutcome.Refused(answer.reason());
        } catch (ProviderErrors.Rejected rejected) {
            return new RefundOutcome.Refused("rejected by the payment provider (HTTP " + rejected.status() + ")");
        } catch (RuntimeException unknown) {
            throw unavailable("refund " + idempotencyKey, unknown);
        }
    }

    @Override
    public Optional<ChargeOutcome> findCharge(String idempotencyKey) {
        try {
            return Optional.of(outcomeOf(metrics.timed("find", () -> calls.find(idempotencyKey))));
        } catch (ProviderErrors.Rejected none) {
            return Optional.empty();
        } catch (RuntimeException unknown) {
            throw unavailable("lookup of " + idempotencyKey, unknown);
        }
    }

    private static ChargeOutcome outcomeOf(ProviderApi.ChargeResponse answer) {
        return switch (answer.status()) {
            case "approved" -> new ChargeOutcome.Approved(answer.chargeId());
            case "declined" -> new ChargeOutcome.Declined(answer.reason());
            default -> new ChargeOutcome.Pending(answer.chargeId());
        };
    }

    private String notifyUrl() {
        // The port this instance listens on, in dev and test alike (local-base-uri exists in test mode only).
        return settings.notifyUrl().orElseGet(() -> "http://localhost:" + server.getPort() + "/webhooks/payments");
    }

    private static PaymentProviderUnavailable unavailable(String call, RuntimeException cause) {
        LOG.warnf(
                "Payment provider: %s has no known outcome (%s), to be tried again with the same key",
                call, cause.toString());
        return new PaymentProviderUnavailable("The payment provider did not answer " + call, cause);
    }
}
