package dev.orderlog.platform.kurrentdb;

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
    /** About six days of attempts at the default half-second interval; the client misbehaves near Integer.MAX_VALUE. */
    private static final int RECONNECT_ATTEMPTS = 1_000_000;

    @Produces
    @Singleton
    KurrentDBClient client(KurrentDbConfig config) {
        return KurrentDBClient.create(
                KurrentDBConnectionString.parseOrThrow(reconnectingForever(config.connectionString())));
    }

    /**
     * The client shuts itself down for good after {@code maxDiscoverAttempts} failed reconnections (10 by default, a few
     * seconds). A service must outlive a KurrentDB outage, so unless the connection string says otherwise it keeps trying.
     */
    static String reconnectingForever(String connectionString) {
        if (connectionString.toLowerCase(java.util.Locale.ROOT).contains("maxdiscoverattempts=")) {
            return connectionString;
        }
        return connectionString + (connectionString.contains("?") ? "&" : "?") + "maxDiscoverAttempts="
                + RECONNECT_ATTEMPTS;
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
