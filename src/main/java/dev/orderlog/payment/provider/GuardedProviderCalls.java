package dev.orderlog.payment.provider;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The provider's calls under SmallRye Fault Tolerance: a timeout per attempt, a couple of retries with the same
 * idempotency key (a retried charge is one charge) on what may pass (timeouts, 5xx; never a 4xx rejection), and a
 * circuit breaker, each per operation; MicroProfile Fault Tolerance configuration overrides them
 * ({@code dev.orderlog.payment.provider.GuardedProviderCalls/Timeout/value}, for example).
 */
@ApplicationScoped
@Timeout(value = 2, unit = ChronoUnit.SECONDS)
@Retry(
        maxRetries = 2,
        delay = 200,
        jitter = 100,
        retryOn = {TimeoutException.class, ProcessingException.class, ProviderErrors.ServerError.class},
        abortOn = {CircuitBreakerOpenException.class, ProviderErrors.Rejected.class})
@CircuitBreaker(
        requestVolumeThreshold = 20,
        failureRatio = 0.5,
        delay = 5,
        delayUnit = ChronoUnit.SECONDS,
        skipOn = ProviderErrors.Rejected.class)
public class GuardedProviderCalls {
    private final ProviderApi provider;

    public GuardedProviderCalls(@RestClient ProviderApi provider) {
        this.provider = provider;
    }

    public ProviderApi.ChargeResponse charge(String idempotencyKey, ProviderApi.ChargeRequest request) {
        return provider.charge(idempotencyKey, request);
    }

    public ProviderApi.RefundResponse refund(String idempotencyKey, ProviderApi.RefundRequest request) {
        return provider.refund(idempotencyKey, request);
    }

    public ProviderApi.ChargeResponse find(String idempotencyKey) {
        return provider.find(idempotencyKey);
    }
}
