package dev.orderlog.eventstore;

import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.KurrentDBConnectionString;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/** The one KurrentDB client of the application. A singleton: the client class cannot be proxied. */
public class KurrentDbClientProducer {
    private static final Logger LOG = Logger.getLogger(KurrentDbClientProducer.class);

    @Produces
    @Singleton
    KurrentDBClient client(KurrentDbConfig config) {
        return KurrentDBClient.create(KurrentDBConnectionString.parseOrThrow(config.connectionString()));
    }

    void close(@Disposes KurrentDBClient client) {
        try {
            client.shutdown().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException failed) {
            LOG.warnf("KurrentDB client did not shut down cleanly: %s", failed.getMessage());
        }
    }
}
