package dev.orderlog.devservices.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node Kafka broker in KRaft mode (broker and controller in one), in this JVM, on ports it keeps: stopped and
 * started again it serves the same log on the same address, as a restarted broker does. Formatted once, on first
 * start, like {@code kafka-storage.sh format} with a static one-voter quorum.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final int NODE_ID = 1;

    private final Path directory;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    private EmbeddedKafka(Path directory, int port, int controllerPort) {
        this.directory = directory;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** A broker on free ports over {@code directory} (a new one is formatted), started. */
    public static EmbeddedKafka start(Path directory) throws IOException {
        EmbeddedKafka kafka = new EmbeddedKafka(directory.toAbsolutePath(), freePort(), freePort());
        kafka.start();
        return kafka;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts it again after {@link #stop()}: same ports, same log. */
    public synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        formatOnce();
        // The broker instantiates some of its parts by name through the context class loader: its own, whichever
        // thread (a test's, through JMX) starts it.
        Thread thread = Thread.currentThread();
        ClassLoader caller = thread.getContextClassLoader();
        thread.setContextClassLoader(EmbeddedKafka.class.getClassLoader());
        try {
            // A new server and config each time: a stopped KafkaRaftServer cannot be started again.
            KafkaRaftServer starting = new KafkaRaftServer(KafkaConfig.fromProps(properties()), Time.SYSTEM);
            starting.startup();
            server = starting;
        } finally {
            thread.setContextClassLoader(caller);
        }
    }

    public synchronized void stop() {
        if (server != null) {
            // Shutting down, the broker closes its channel to the controller twice and says so at WARN: noise here.
            Logger channels = Logger.getLogger("org.apache.kafka.clients.NetworkClient");
            Level level = channels.getLevel();
            channels.setLevel(Level.SEVERE);
            try {
                server.shutdown();
                server.awaitShutdown();
            } finally {
                channels.setLevel(level);
            }
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private Properties properties() {
        Properties properties = new Properties();
        properties.setProperty("node.id", Integer.toString(NODE_ID));
        properties.setProperty("process.roles", "broker,controller");
        properties.setProperty(
                "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        properties.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        properties.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        properties.setProperty("controller.listener.names", "CONTROLLER");
        properties.setProperty("inter.broker.listener.name", "PLAINTEXT");
        properties.setProperty("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        properties.setProperty("log.dirs", directory.toString());
        // One node: every internal topic has one replica.
        properties.setProperty("offsets.topic.replication.factor", "1");
        properties.setProperty("offsets.topic.num.partitions", "1");
        properties.setProperty("transaction.state.log.replication.factor", "1");
        properties.setProperty("transaction.state.log.min.isr", "1");
        properties.setProperty("transaction.state.log.num.partitions", "1");
        properties.setProperty("share.coordinator.state.topic.replication.factor", "1");
        properties.setProperty("share.coordinator.state.topic.min.isr", "1");
        properties.setProperty("group.initial.rebalance.delay.ms", "0");
        properties.setProperty("num.partitions", "3");
        // The cleaner's default buffer is 128 MB of heap; dev and test logs are small.
        properties.setProperty("log.cleaner.dedupe.buffer.size", "2097152");
        return properties;
    }

    private void formatOnce() throws IOException {
        if (Files.exists(directory.resolve("meta.properties"))) {
            return;
        }
        Files.createDirectories(directory);
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(directory.toString()))
                    .setMetadataLogDirectory(directory.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setHasDynamicQuorum(false)
                    .run();
        } catch (IOException failed) {
            throw failed;
        } catch (Exception failed) {
            throw new IOException("Could not format the embedded Kafka's log directory " + directory, failed);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }
}
