package dev.orderlog.bench;

import dev.orderlog.devservices.kurrentdb.EmbeddedKurrentDb;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.kurrent.dbclient.EventData;
import io.kurrent.dbclient.EventDataBuilder;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.KurrentDBConnectionString;
import io.kurrent.dbclient.ReadAllOptions;
import io.kurrent.dbclient.ReadStreamOptions;
import io.kurrent.dbclient.proto.serverfeatures.ServerFeaturesGrpc;
import io.kurrent.dbclient.proto.shared.Shared;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Appends and reads through the official Java client against the embedded server on loopback, next to an empty
 * gRPC round trip (ServerFeatures.GetSupportedMethods) measured in the same run, so each figure reads as a ratio.
 */
public final class EmbeddedKurrentDbBenchmark {
    private static final long WARMUP_MILLIS = 2_000;
    private static final long MEASURE_MILLIS = 4_000;
    private static final byte[] PAYLOAD = "{\"orderId\":\"o-1\",\"sku\":\"ABC-123\",\"quantity\":2,\"priceMinor\":1999}"
            .getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
        long coldStart = System.nanoTime();
        EmbeddedKurrentDb.start(EmbeddedKurrentDb.Options.defaults()).close();
        System.out.printf(
                "first start and stop in a fresh JVM (class loading included): %.1f ms%n",
                (System.nanoTime() - coldStart) / 1e6);
        double bareStartMillis = startMillis(() ->
                NettyServerBuilder.forPort(0).build().start().shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        double embeddedStartMillis = startMillis(() ->
                EmbeddedKurrentDb.start(EmbeddedKurrentDb.Options.defaults()).close());
        System.out.printf(
                "start and stop: bare gRPC server %.1f ms, embedded KurrentDB %.1f ms (%.2fx)%n",
                bareStartMillis, embeddedStartMillis, embeddedStartMillis / bareStartMillis);
        try (EmbeddedKurrentDb server = EmbeddedKurrentDb.start(EmbeddedKurrentDb.Options.defaults())) {
            KurrentDBClient client =
                    KurrentDBClient.create(KurrentDBConnectionString.parseOrThrow(server.connectionString()));
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
                    .usePlaintext()
                    .build();
            ServerFeaturesGrpc.ServerFeaturesBlockingStub features = ServerFeaturesGrpc.newBlockingStub(channel);

            double baseline1 = rate("empty gRPC round trip, 1 caller", 1, () -> {
                features.getSupportedMethods(Shared.Empty.getDefaultInstance());
                return 1;
            });
            double baseline8 = rate("empty gRPC round trip, 8 callers", 8, () -> {
                features.getSupportedMethods(Shared.Empty.getDefaultInstance());
                return 1;
            });
            double append1 = rate("single-event appends, 1 writer", 1, () -> {
                client.appendToStream("bench-" + Thread.currentThread().threadId(), event())
                        .get();
                return 1;
            });
            double append8 = rate("single-event appends, 8 writers", 8, () -> {
                client.appendToStream("bench-" + Thread.currentThread().threadId(), event())
                        .get();
                return 1;
            });
            double batch = rate("events/s in appends of 100, 1 writer", 1, () -> {
                client.appendToStream("bench-batch", batch(100).iterator()).get();
                return 100;
            });
            String readStream = "bench-read";
            for (int i = 0; i < 100; i++) {
                client.appendToStream(readStream, batch(100).iterator()).get();
            }
            double readForwards = rate(
                    "events/s reading a 10 000-event stream",
                    1,
                    () -> client.readStream(
                                    readStream,
                                    ReadStreamOptions.get().forwards().fromStart())
                            .get()
                            .getEvents()
                            .size());
            double readAll = rate(
                    "events/s reading $all in pages of 1 000",
                    1,
                    () -> client.readAll(
                                    ReadAllOptions.get().forwards().fromStart().maxCount(1_000))
                            .get()
                            .getEvents()
                            .size());

            System.out.println();
            System.out.printf("%-45s %12s %14s%n", "figure", "per second", "ratio");
            row("empty gRPC round trip, 1 caller (baseline)", baseline1, baseline1);
            row("single-event appends, 1 writer", append1, baseline1);
            row("empty gRPC round trip, 8 callers (baseline)", baseline8, baseline8);
            row("single-event appends, 8 writers", append8, baseline8);
            row("events appended in batches of 100", batch, baseline1);
            row("events read from one stream", readForwards, baseline1);
            row("events read from $all", readAll, baseline1);
            channel.shutdownNow();
            client.shutdown().get();
        }
    }

    @FunctionalInterface
    private interface Startable {
        void startAndStop() throws Exception;
    }

    /** Mean milliseconds of 10 start-stop cycles on an ephemeral port, after 3 for warm-up. */
    private static double startMillis(Startable cycle) throws Exception {
        for (int i = 0; i < 3; i++) {
            cycle.startAndStop();
        }
        long started = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            cycle.startAndStop();
        }
        return (System.nanoTime() - started) / 10 / 1e6;
    }

    private static void row(String name, double rate, double baseline) {
        System.out.printf("%-45s %12.0f %13.2fx%n", name, rate, rate / baseline);
    }

    private static EventData event() {
        return EventDataBuilder.json(UUID.randomUUID(), "ItemAdded", PAYLOAD).build();
    }

    private static List<EventData> batch(int size) {
        List<EventData> events = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            events.add(event());
        }
        return events;
    }

    /** Units per second over the measuring window, after a warm-up, with {@code threads} callers in a loop. */
    private static double rate(String name, int threads, Callable<Integer> operation) throws Exception {
        run(threads, WARMUP_MILLIS, operation);
        long units = run(threads, MEASURE_MILLIS, operation);
        double perSecond = units * 1000.0 / MEASURE_MILLIS;
        System.out.printf("measured %-45s %12.0f/s%n", name, perSecond);
        return perSecond;
    }

    private static long run(int threads, long millis, Callable<Integer> operation) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Long>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    long done = 0;
                    while (System.currentTimeMillis() < deadline) {
                        done += operation.call();
                    }
                    return done;
                }));
            }
            long total = 0;
            for (Future<Long> worker : workers) {
                total += worker.get();
            }
            return total;
        }
    }
}
