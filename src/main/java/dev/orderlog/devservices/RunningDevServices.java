package dev.orderlog.devservices;

import dev.orderlog.devservices.kurrentdb.EmbeddedKurrentDb;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The embedded KurrentDB the dev services started, registered as a JMX bean so it can be restarted for real (by a
 * fault test, or by hand from a JMX console). JMX, because Quarkus builds its configuration in one class loader and
 * runs the application in another, and the platform MBean server is the same for both.
 */
public final class RunningDevServices implements RunningDevServicesMBean {
    public static final String OBJECT_NAME = "dev.orderlog:type=DevServices,name=kurrentdb";

    private volatile EmbeddedKurrentDb server;
    private int stoppedPort = -1;

    private RunningDevServices(EmbeddedKurrentDb server) {
        this.server = server;
    }

    static void register(EmbeddedKurrentDb server) {
        RunningDevServices running = new RunningDevServices(server);
        try {
            ManagementFactory.getPlatformMBeanServer().registerMBean(running, new ObjectName(OBJECT_NAME));
        } catch (JMException failed) {
            throw new IllegalStateException("Cannot register " + OBJECT_NAME, failed);
        }
        Runtime.getRuntime()
                .addShutdownHook(RunningApplications.stopAfterApplications(
                        "embedded-kurrentdb-stop", () -> running.server.close()));
    }

    /** Restarts the embedded KurrentDB over the same log and port, dropping every connection. */
    @Override
    public synchronized void restartKurrentDb() {
        try {
            server = server.restart();
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    /** Stops the server (every connection drops); {@link #startKurrentDb()} brings it back on the same port and log. */
    @Override
    public synchronized void stopKurrentDb() {
        if (stoppedPort < 0) {
            stoppedPort = server.port();
            server.stop();
        }
    }

    @Override
    public synchronized void startKurrentDb() {
        if (stoppedPort >= 0) {
            try {
                server = server.startAgain(stoppedPort);
            } catch (IOException failed) {
                throw new UncheckedIOException(failed);
            }
            stoppedPort = -1;
        }
    }

    /** What a test calls: an operation through JMX, whichever class loader it runs in. */
    public static void invoke(String operation) throws JMException {
        ManagementFactory.getPlatformMBeanServer()
                .invoke(new ObjectName(OBJECT_NAME), operation, new Object[0], new String[0]);
    }
}
