package dev.orderlog.bench;

import dev.orderlog.devservices.EmbeddedPostgresql;
import dev.orderlog.devservices.kurrentdb.EmbeddedKurrentDb;
import dev.orderlog.devservices.payment.SimulatedPaymentProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What replicas of the service under benchmark share: one PostgreSQL, one KurrentDB and one payment provider. Prints
 * the settings that reach them as one line of -D options (so the dev profile starts none of its own), then runs until
 * it is stopped.
 */
public final class BenchSharedServices {
    public static void main(String[] args) throws Exception {
        List<String> options = new ArrayList<>();
        EmbeddedPostgresql.start().forEach((key, value) -> options.add("-D" + key + "=" + value));
        EmbeddedKurrentDb kurrentdb = EmbeddedKurrentDb.start(EmbeddedKurrentDb.Options.defaults());
        options.add("-Dorderlog.kurrentdb.connection-string=" + kurrentdb.connectionString());
        String secret = UUID.randomUUID().toString();
        SimulatedPaymentProvider provider = SimulatedPaymentProvider.start(secret);
        options.add("-Dquarkus.rest-client.payment-provider.url=" + provider.baseUri());
        options.add("-Dorderlog.payments.webhook-secret=" + secret);
        System.out.println(String.join(" ", options));
        System.out.flush();
        Thread.currentThread().join();
    }
}
