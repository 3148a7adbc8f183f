package dev.orderlog.payment.provider;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * Calls to the payment provider, retries included, timed by operation and outcome: ok, rejected (a 4xx, an answer),
 * circuit-open (not sent), or error (no answer). Every series is registered at start, so an error rate reads zero
 * rather than nothing before the first error; with tracing on, the buckets carry calls' trace ids as exemplars.
 */
@Startup
@ApplicationScoped
public class ProviderCallMetrics {
    static final List<String> OPERATIONS = List.of("charge", "refund", "find");
    private static final List<String> OUTCOMES = List.of("ok", "rejected", "circuit-open", "error");
    private final Map<String, Timer> timers = new HashMap<>();

    public ProviderCallMetrics(MeterRegistry metrics) {
        for (String operation : OPERATIONS) {
            for (String outcome : OUTCOMES) {
                timers.put(
                        operation + "/" + outcome,
                        Timer.builder("orderlog.payment.provider.calls")
                                .description("Calls to the payment provider, retries included")
                                .tag("operation", operation)
                                .tag("outcome", outcome)
                                .publishPercentileHistogram()
                                .minimumExpectedValue(Duration.ofMillis(1))
                                .maximumExpectedValue(Duration.ofSeconds(10))
                                .register(metrics));
            }
        }
    }

    <T> T timed(String operation, Supplier<T> call) {
        long started = System.nanoTime();
        String outcome = "error";
        try {
            T answer = call.get();
            outcome = "ok";
            return answer;
        } catch (ProviderErrors.Rejected rejected) {
            outcome = "rejected";
            throw rejected;
        } catch (CircuitBreakerOpenException notSent) {
            outcome = "circuit-open";
            throw notSent;
        } finally {
            timers.get(operation + "/" + outcome).record(Duration.ofNanos(System.nanoTime() - started));
        }
    }
}
