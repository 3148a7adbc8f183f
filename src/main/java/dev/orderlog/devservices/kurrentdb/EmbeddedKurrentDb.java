package dev.orderlog.devservices.kurrentdb;

import dev.orderlog.devservices.kurrentdb.grpc.Authentication;
import dev.orderlog.devservices.kurrentdb.grpc.CallerInfo;
import dev.orderlog.devservices.kurrentdb.grpc.GossipService;
import dev.orderlog.devservices.kurrentdb.grpc.NodeCertificate;
import dev.orderlog.devservices.kurrentdb.grpc.PersistentSubscriptionsService;
import dev.orderlog.devservices.kurrentdb.grpc.ProjectionsService;
import dev.orderlog.devservices.kurrentdb.grpc.ServerFeaturesService;
import dev.orderlog.devservices.kurrentdb.grpc.StreamsService;
import dev.orderlog.devservices.kurrentdb.grpc.StreamsV2Service;
import dev.orderlog.devservices.kurrentdb.log.EventLog;
import dev.orderlog.devservices.kurrentdb.log.FsyncPolicy;
import dev.orderlog.devservices.kurrentdb.log.SystemEvents;
import dev.orderlog.devservices.kurrentdb.projections.StandardProjection;
import dev.orderlog.devservices.kurrentdb.projections.StandardProjections;
import dev.orderlog.platform.kurrentdb.ConnectionStrings;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process server that speaks KurrentDB's gRPC protocol (Streams, the v2 StreamsService's multi-stream append,
 * PersistentSubscriptions, ServerFeatures, Gossip), optionally with the standard system projections, over a log in
 * memory or on disk, for dev and test where the real server cannot run. Clients reach it through their ordinary
 * connection string.
 */
public final class EmbeddedKurrentDb implements AutoCloseable {
    /** Up to server 25.0 an append may carry at most 1 MiB (ClusterVNodeOptions MaxAppendSize). */
    public static final int DEFAULT_MAX_APPEND_SIZE = 1024 * 1024;
    /** As the server's MaxAppendEventSize: no limit per record by default, only the append's. */
    public static final int DEFAULT_MAX_RECORD_SIZE = Integer.MAX_VALUE;

    /** What a server may do beyond serving plain, open gRPC, each off by default. */
    public enum Feature {
        /** Credentials required, as without {@code --insecure}. */
        AUTHENTICATION,
        /** TLS, with a certificate for localhost signed by an authority made at start (see {@link #caFile()}). */
        TLS,
        /** The standard system projections ($streams, $by_category, $by_event_type, $stream_by_category). */
        STANDARD_PROJECTIONS
    }

    /** @param port 0 for an ephemeral port; @param dataDirectory null keeps the log in memory */
    public record Options(
            String host,
            int port,
            Set<Feature> features,
            int maxAppendSize,
            int maxRecordSize,
            Path dataDirectory,
            FsyncPolicy fsync) {
        public Options {
            features = Set.copyOf(features);
        }

        public static Options defaults() {
            return new Options(
                    "127.0.0.1",
                    0,
                    Set.of(),
                    DEFAULT_MAX_APPEND_SIZE,
                    DEFAULT_MAX_RECORD_SIZE,
                    null,
                    new FsyncPolicy.EveryAppend());
        }

        public boolean has(Feature feature) {
            return features.contains(feature);
        }

        public Options with(Feature feature) {
            Set<Feature> more = EnumSet.of(feature);
            more.addAll(features);
            return new Options(host, port, more, maxAppendSize, maxRecordSize, dataDirectory, fsync);
        }

        public Options without(Feature feature) {
            Set<Feature> fewer = EnumSet.noneOf(Feature.class);
            fewer.addAll(features);
            fewer.remove(feature);
            return new Options(host, port, fewer, maxAppendSize, maxRecordSize, dataDirectory, fsync);
        }

        /** Keeps the log in files under {@code directory}, durable by {@code fsync}; null keeps it in memory, as by default. */
        public Options withDataDirectory(Path directory, FsyncPolicy policy) {
            return new Options(host, port, features, maxAppendSize, maxRecordSize, directory, policy);
        }

        public Options withPort(int value) {
            return new Options(host, value, features, maxAppendSize, maxRecordSize, dataDirectory, fsync);
        }

        public Options withHost(String value) {
            return new Options(value, port, features, maxAppendSize, maxRecordSize, dataDirectory, fsync);
        }

        /** A multi-stream append's limit per record (the server's MaxAppendEventSize). */
        public Options withMaxRecordSize(int value) {
            return new Options(host, port, features, maxAppendSize, value, dataDirectory, fsync);
        }
    }

    private final Server server;
    private final ExecutorService workers;
    private final PersistentSubscriptionsService persistentSubscriptions;
    private final Options options;
    private final EventLog log;
    /** Null without TLS; kept across restarts, as a node keeps its certificate. */
    private final NodeCertificate certificate;

    /** Served always; running from the start only with {@link Feature#STANDARD_PROJECTIONS}. */
    private final StandardProjections projections;

    private EmbeddedKurrentDb(
            Server server,
            ExecutorService workers,
            PersistentSubscriptionsService persistentSubscriptions,
            Options options,
            EventLog log,
            NodeCertificate certificate,
            StandardProjections projections) {
        this.projections = projections;
        this.server = server;
        this.workers = workers;
        this.persistentSubscriptions = persistentSubscriptions;
        this.options = options;
        this.log = log;
        this.certificate = certificate;
    }

    public static EmbeddedKurrentDb start(Options options) throws IOException {
        EventLog log = options.dataDirectory() == null
                ? new EventLog(Clock.systemUTC())
                : EventLog.open(Clock.systemUTC(), options.dataDirectory(), options.fsync());
        if (log.isEmpty()) {
            SystemEvents.seed(log);
        }
        return startOver(
                log,
                options,
                options.has(Feature.TLS) ? NodeCertificate.generate() : null,
                StandardProjections.resumePoints(log));
    }

    /**
     * Stops this server, dropping every connection, and starts a new one on the same port over the same log, as a
     * node restarting on its database would. Use the returned server from then on.
     */
    public EmbeddedKurrentDb restart() throws IOException {
        int port = port();
        stop();
        return startOver(log, options.withPort(port), certificate, projected());
    }

    /** Starts a new server over this one's log and port after {@link #stop()}, as a node coming back would. */
    public EmbeddedKurrentDb startAgain(int port) throws IOException {
        return startOver(log, options.withPort(port), certificate, projected());
    }

    /** Where the standard projections got to, so a restart on the same log goes on from there. */
    private Map<StandardProjection, Integer> projected() {
        return projections.positions();
    }

    private static EmbeddedKurrentDb startOver(
            EventLog log, Options options, NodeCertificate certificate, Map<StandardProjection, Integer> projected)
            throws IOException {
        Clock clock = Clock.systemUTC();
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        StreamsService streams = new StreamsService(log, options.maxAppendSize(), workers);
        PersistentSubscriptionsService persistentSubscriptions = new PersistentSubscriptionsService(log, workers);
        InetAddress[] addresses = InetAddress.getAllByName(options.host());
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(addresses[0], options.port()))
                // Clients ping every 10 s; grpc-java would otherwise answer GOAWAY and drop idle subscriptions.
                .permitKeepAliveTime(10, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .callExecutor(PersistentSubscriptionsService::settledWhereRead);
        bindTheOtherAddresses(builder, addresses, options.port());
        if (certificate != null) {
            builder.sslContext(certificate.serverContext());
        }
        AtomicInteger boundPort = new AtomicInteger(options.port());
        GossipService gossip = new GossipService(options.host(), boundPort::get, clock);
        StreamsV2Service appendSessions = new StreamsV2Service(log, options.maxRecordSize(), options.maxAppendSize());
        StandardProjections projections =
                StandardProjections.start(log, projected, options.has(Feature.STANDARD_PROJECTIONS));
        List<BindableService> services =
                List.of(streams, appendSessions, persistentSubscriptions, gossip, new ProjectionsService(projections));
        services.forEach(service -> builder.addService(secured(service, options)));
        builder.addService(secured(new ServerFeaturesService(services), options));
        Server server = builder.build().start();
        boundPort.set(server.getPort());
        return new EmbeddedKurrentDb(server, workers, persistentSubscriptions, options, log, certificate, projections);
    }

    /**
     * A host such as {@code localhost} may resolve to 127.0.0.1 and ::1; clients pick either, so listen on all.
     * With an ephemeral port only the first address is bound, as the others could not share the port reliably.
     */
    private static void bindTheOtherAddresses(NettyServerBuilder builder, InetAddress[] addresses, int port) {
        if (port == 0) {
            return;
        }
        for (int i = 1; i < addresses.length; i++) {
            builder.addListenAddress(new InetSocketAddress(addresses[i], port));
        }
    }

    /** Interceptors run last-added first: authentication, then who the caller is. */
    private static io.grpc.ServerServiceDefinition secured(BindableService service, Options options) {
        io.grpc.ServerServiceDefinition identified =
                ServerInterceptors.intercept(service, new CallerInfo.Interceptor());
        return options.has(Feature.AUTHENTICATION)
                ? ServerInterceptors.intercept(identified, new Authentication())
                : identified;
    }

    /** Catch-up subscriptions currently open, for operators and for tests that check cancellation frees them. */
    public int activeSubscriptions() {
        return log.appendListenerCount();
    }

    public int port() {
        return server.getPort();
    }

    /**
     * A connection string any KurrentDB client accepts; it carries the default admin credentials and, with TLS, the
     * authority to trust. The certificate names localhost, so a TLS connection string uses that host name.
     */
    public String connectionString() {
        return certificate == null
                ? "kurrentdb://admin:changeit@" + options.host() + ":" + port() + "?tls=false"
                : "kurrentdb://admin:changeit@localhost:" + port() + "?tls=true&tlsCaFile=" + certificate.caFile();
    }

    /** The PEM file of the authority that signed this server's certificate; empty without TLS. */
    public java.util.Optional<java.nio.file.Path> caFile() {
        return java.util.Optional.ofNullable(certificate).map(NodeCertificate::caFile);
    }

    /** Stops serving (every connection drops) and closes the log's file: the server is done. */
    @Override
    public void close() {
        stop();
        try {
            log.closeFile();
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    /** Stops serving, every connection dropping, and keeps the log for {@link #startAgain(int)}. */
    public void stop() {
        try {
            projections.close();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        persistentSubscriptions.close();
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
    }

    /** {@code bin/kurrentdb-embedded [--port N] [--host H] [--auth] [--tls] [--start-standard-projections] [--db DIR] [--fsync every|batched[:ms]]}: serves
     * localhost:2113 by default, until SIGTERM; with {@code --db} the log is kept in DIR across restarts. */
    public static void main(String[] args) throws Exception {
        Options options = Options.defaults().withHost("localhost").withPort(2113);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> options = options.withPort(Integer.parseInt(args[++i]));
                case "--host" -> options = options.withHost(args[++i]);
                case "--auth" -> options = options.with(Feature.AUTHENTICATION);
                case "--insecure" -> options = options.without(Feature.AUTHENTICATION);
                case "--tls" -> options = options.with(Feature.TLS);
                case "--start-standard-projections" -> options = options.with(Feature.STANDARD_PROJECTIONS);
                case "--db" -> options = options.withDataDirectory(Path.of(args[++i]), options.fsync());
                case "--fsync" ->
                    options = options.withDataDirectory(options.dataDirectory(), FsyncPolicy.parse(args[++i]));
                default -> {
                    System.err.println(
                            "usage: kurrentdb-embedded [--port N] [--host H] [--auth|--insecure] [--tls] [--start-standard-projections] [--db DIR [--fsync every|batched[:ms]]]");
                    System.exit(2);
                }
            }
        }
        EmbeddedKurrentDb db = start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            db.close();
            System.out.println("embedded KurrentDB stopped");
            stopped.countDown();
        }));
        db.caFile()
                .ifPresent(
                        ca -> System.out.println("embedded KurrentDB serves TLS; its certificate authority is " + ca));
        System.out.println("embedded KurrentDB listening on " + options.host() + ":" + db.port()
                + (options.has(Feature.AUTHENTICATION) ? " (authentication on)" : " (no authentication)")
                + (options.has(Feature.TLS) ? " over TLS" : " without TLS")
                + " — " + ConnectionStrings.withoutPassword(db.connectionString())
                + " (the default users' password is in README)");
        stopped.await();
    }
}
