package dev.orderlog.ops;

import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.ReadStreamOptions;
import io.kurrent.dbclient.StreamNotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while KurrentDB answers a read within two seconds. */
@Readiness
@ApplicationScoped
public class KurrentDbHealthCheck implements HealthCheck {
    /** A stream nobody writes: reading it needs no rights beyond the service's own and costs the server nothing. */
    private static final String PROBE_STREAM = "orderlog-readiness-probe";

    private final KurrentDBClient client;

    public KurrentDbHealthCheck(KurrentDBClient client) {
        this.client = client;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            client.readStream(PROBE_STREAM, ReadStreamOptions.get().maxCount(1).deadline(2_000))
                    .get(3, TimeUnit.SECONDS);
            return HealthCheckResponse.up("kurrentdb");
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof StreamNotFoundException) {
                return HealthCheckResponse.up("kurrentdb");
            }
            return HealthCheckResponse.named("kurrentdb")
                    .down()
                    .withData("error", String.valueOf(failed.getCause()))
                    .build();
        } catch (TimeoutException slow) {
            return HealthCheckResponse.named("kurrentdb")
                    .down()
                    .withData("error", "no answer within 3 s")
                    .build();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return HealthCheckResponse.down("kurrentdb");
        }
    }
}
