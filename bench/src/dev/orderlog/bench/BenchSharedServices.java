package dev.orderlog.bench;

import dev.orderlog.devservices.DevJwtKeys;
import dev.orderlog.devservices.EmbeddedPostgresql;
import dev.orderlog.devservices.kafka.EmbeddedKafka;
import dev.orderlog.devservices.kurrentdb.EmbeddedKurrentDb;
import dev.orderlog.devservices.payment.SimulatedPaymentProvider;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * What the packaged service under benchmark (one replica or two) needs beside it, since it carries no dev services:
 * one PostgreSQL, one KurrentDB, one Kafka and one payment provider, the dev token key and a console session key. Prints the
 * settings as one line of -D options, then runs until it is stopped.
 */
public final class BenchSharedServices {
    public static void main(String[] args) throws Exception {
        List<String> options = new ArrayList<>();
        EmbeddedPostgresql.start().forEach((key, value) -> options.add("-D" + key + "=" + value));
        EmbeddedKurrentDb kurrentdb = EmbeddedKurrentDb.start(EmbeddedKurrentDb.Options.defaults());
        options.add("-Dorderlog.kurrentdb.connection-string=" + kurrentdb.connectionString());
        EmbeddedKafka kafka = EmbeddedKafka.start(Files.createTempDirectory("orderlog-bench-kafka"));
        options.add("-Dkafka.bootstrap.servers=" + kafka.bootstrapServers());
        options.add("-Dorderlog.integration.replication-factor=1");
        String secret = UUID.randomUUID().toString();
        SimulatedPaymentProvider provider = SimulatedPaymentProvider.start(secret);
        options.add("-Dquarkus.rest-client.payment-provider.url=" + provider.baseUri());
        options.add("-Dorderlog.payments.webhook-secret=" + secret);
        options.add("-Dmp.jwt.verify.publickey.location="
                + DevJwtKeys.ofWorkingCopy().publicKeyFile().toUri());
        options.add("-Dmp.jwt.verify.issuer=" + DevJwtKeys.ISSUER);
        byte[] sessionKey = new byte[32];
        new SecureRandom().nextBytes(sessionKey);
        options.add("-Dorderlog.console.session-key=" + Base64.getEncoder().encodeToString(sessionKey));
        System.out.println(String.join(" ", options));
        System.out.flush();
        Thread.currentThread().join();
    }
}
