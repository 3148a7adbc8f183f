package dev.orderlog.devservices;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * How many applications run on the dev services of this JVM, so that the dev services, stopped by JVM shutdown hooks,
 * stop after the application has (its consumers settled, its poller quiet) rather than under it. Registered over JMX
 * for the same reason as {@link RunningDevServices}: the application counts itself from another class loader.
 */
public final class RunningApplications implements RunningApplicationsMBean {
    public static final String OBJECT_NAME = "dev.orderlog:type=DevServices,name=applications";
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(40);
    private int running;

    private RunningApplications() {}

    private static RunningApplications registered;

    /** The instance the dev services registered in this JVM, on first use. */
    static synchronized RunningApplications instance() {
        if (registered == null) {
            RunningApplications applications = new RunningApplications();
            try {
                ManagementFactory.getPlatformMBeanServer().registerMBean(applications, new ObjectName(OBJECT_NAME));
            } catch (JMException failed) {
                throw new IllegalStateException("Cannot register " + OBJECT_NAME, failed);
            }
            registered = applications;
        }
        return registered;
    }

    @Override
    public synchronized void started() {
        running++;
    }

    @Override
    public synchronized void stopped() {
        running = Math.max(0, running - 1);
        notifyAll();
    }

    /** Waits, at most {@link #LONGEST_WAIT}, until no application runs. */
    synchronized void awaitNoneRunning() {
        Instant giveUp = Instant.now().plus(LONGEST_WAIT);
        while (running > 0 && Instant.now().isBefore(giveUp)) {
            try {
                wait(Math.max(1, Duration.between(Instant.now(), giveUp).toMillis()));
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** A shutdown hook that stops {@code service} once no application uses it any more. */
    static Thread stopAfterApplications(String name, Runnable service) {
        RunningApplications applications = instance();
        return new Thread(
                () -> {
                    applications.awaitNoneRunning();
                    service.run();
                },
                name);
    }

    /** What the application calls, from its own class loader: a no-op where no dev service runs. */
    public static void signal(String operation) {
        try {
            ObjectName name = new ObjectName(OBJECT_NAME);
            if (ManagementFactory.getPlatformMBeanServer().isRegistered(name)) {
                ManagementFactory.getPlatformMBeanServer().invoke(name, operation, new Object[0], new String[0]);
            }
        } catch (JMException unreachable) {
            throw new IllegalStateException("Cannot reach " + OBJECT_NAME, unreachable);
        }
    }
}
