package dev.orderlog.devservices;

import dev.orderlog.devservices.kafka.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The embedded Kafka broker the dev services started, registered as a JMX bean (as {@link RunningDevServices} is, for
 * the same class-loader reason) so a fault test can stop it and start it again on the same address and log.
 */
public final class RunningKafka implements RunningKafkaMBean {
    public static final String OBJECT_NAME = "dev.orderlog:type=DevServices,name=kafka";

    private final EmbeddedKafka broker;

    private RunningKafka(EmbeddedKafka broker) {
        this.broker = broker;
    }

    static void register(EmbeddedKafka broker, Runnable afterStop) {
        try {
            ManagementFactory.getPlatformMBeanServer()
                    .registerMBean(new RunningKafka(broker), new ObjectName(OBJECT_NAME));
        } catch (JMException failed) {
            throw new IllegalStateException("Cannot register " + OBJECT_NAME, failed);
        }
        Runtime.getRuntime().addShutdownHook(RunningApplications.stopAfterApplications("embedded-kafka-stop", () -> {
            broker.close();
            afterStop.run();
        }));
    }

    @Override
    public void stopKafka() {
        broker.stop();
    }

    @Override
    public void startKafka() {
        try {
            broker.start();
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    /** What a test calls: an operation through JMX, whichever class loader it runs in. */
    public static void invoke(String operation) throws JMException {
        ManagementFactory.getPlatformMBeanServer()
                .invoke(new ObjectName(OBJECT_NAME), operation, new Object[0], new String[0]);
    }
}
