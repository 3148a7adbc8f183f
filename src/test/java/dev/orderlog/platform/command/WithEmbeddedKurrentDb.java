package dev.orderlog.platform.command;

import dev.orderlog.devservices.kurrentdb.EmbeddedKurrentDb;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.KurrentDBConnectionString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Tests of the command pipeline through the real client against an embedded server of their own. */
abstract class WithEmbeddedKurrentDb {
    static EmbeddedKurrentDb server;
    static KurrentDBClient client;

    @BeforeAll
    static void startServer() throws Exception {
        server = EmbeddedKurrentDb.start(EmbeddedKurrentDb.Options.defaults());
        client = KurrentDBClient.create(KurrentDBConnectionString.parseOrThrow(server.connectionString()));
    }

    @AfterAll
    static void stopServer() throws Exception {
        client.shutdown().get();
        server.close();
    }
}
