package dev.orderlog.bench;

import dev.orderlog.devservices.kurrentdb.EmbeddedKurrentDb;
import dev.orderlog.devservices.kurrentdb.FsyncPolicy;
import io.kurrent.dbclient.EventData;
import io.kurrent.dbclient.EventDataBuilder;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.KurrentDBConnectionString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Appends through the official client to the embedded server with its log in memory, on disk forced before every
 * answer, and on disk with group commit, in the same run (median of 3 rounds); then the restart time of a log of
 * 1 000 000 events next to that of an empty one.
 */
public final class DurableLogBenchmark {
    private static final long WARMUP_MILLIS = 1_000;
    private static final long MEASURE_MILLIS = 3_000;
    private static final int ROUNDS = 3;
    private static final byte[] PAYLOAD = "{\"orderId\":\"o-1\",\"sku\":\"ABC-123\",\"quantity\":2,\"priceMinor\":1999}"
            .getBytes(StandardCharsets.UTF_8);

    private record Mode(String name, FsyncPolicy fsync) {}

    public static void main(String[] args) throws Exception {
        List<Mode> modes = List.of(
                new Mode("in memory", null),
                new Mode("on disk, fsync every append", new FsyncPolicy.EveryAppend()),
                new Mode("on disk, fsync batched every 2 ms", new FsyncPolicy.Batched(Duration.ofMillis(2))));
        Map<String, List<Double>> figures = new LinkedHashMap<>();
        for (int round = 1; round <= ROUNDS; round++) {
            for (Mode mode : modes) {
                Path directory = Files.createTempDirectory("durable-bench");
                EmbeddedKurrentDb.Options options = EmbeddedKurrentDb.Options.defaults();
                try (EmbeddedKurrentDb server = EmbeddedKurrentDb.start(
                        mode.fsync() == null ? options : options.withDataDirectory(directory, mode.fsync()))) {
                    KurrentDBClient client =
                            KurrentDBClient.create(KurrentDBConnectionString.parseOrThrow(server.connectionString()));
                    record(figures, mode.name() + ": single events, 1 writer", rate(1, () -> {
                        client.appendToStream("bench-" + Thread.currentThread().threadId(), event())
                                .get();
                        return 1;
                    }));
                    record(figures, mode.name() + ": single events, 8 writers", rate(8, () -> {
                        client.appendToStream("bench-" + Thread.currentThread().threadId(), event())
                                .get();
                        return 1;
                    }));
                    record(figures, mode.name() + ": events in batches of 100, 1 writer", rate(1, () -> {
                        client.appendToStream("bench-batch", batch(100).iterator())
                                .get();
                        return 100;
                    }));
                    client.shutdown().get();
                }
                delete(directory);
            }
            System.out.println("round " + round + " of " + ROUNDS + " done");
        }
        System.out.println();
        System.out.printf("%-60s %12s %9s%n", "appends (median of " + ROUNDS + " rounds)", "events/s", "vs memory");
        figures.forEach((name, values) -> {
            String inMemory = "in memory" + name.substring(name.indexOf(':'));
            System.out.printf(
                    "%-60s %12.0f %8.2fx%n", name, median(values), median(values) / median(figures.get(inMemory)));
        });

        Path large = Files.createTempDirectory("durable-bench-large");
        EmbeddedKurrentDb.Options durable = EmbeddedKurrentDb.Options.defaults()
                .withDataDirectory(large, new FsyncPolicy.Batched(Duration.ofMillis(2)));
        try (EmbeddedKurrentDb server = EmbeddedKurrentDb.start(durable)) {
            KurrentDBClient client =
                    KurrentDBClient.create(KurrentDBConnectionString.parseOrThrow(server.connectionString()));
            try (ExecutorService writers = Executors.newFixedThreadPool(8)) {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < 8; w++) {
                    int writer = w;
                    done.add(writers.submit(() -> {
                        for (int i = 0; i < 125; i++) {
                            client.appendToStream(
                                            "large-" + writer + "-" + (i % 10),
                                            batch(1_000).iterator())
                                    .get();
                        }
                        return null;
                    }));
                }
                for (Future<?> writer : done) {
                    writer.get();
                }
            }
            client.shutdown().get();
        }
        Path empty = Files.createTempDirectory("durable-bench-empty");
        EmbeddedKurrentDb.start(
                        EmbeddedKurrentDb.Options.defaults().withDataDirectory(empty, new FsyncPolicy.EveryAppend()))
                .close();
        double emptyMillis = restartMillis(
                EmbeddedKurrentDb.Options.defaults().withDataDirectory(empty, new FsyncPolicy.EveryAppend()));
        double largeMillis = restartMillis(durable);
        System.out.printf(
                "%nrestart (median of %d): empty log %.0f ms, log of 1 000 000 events (%d MB) %.0f ms (%.1fx)%n",
                ROUNDS,
                emptyMillis,
                Files.size(large.resolve("log.dat")) / 1_000_000,
                largeMillis,
                largeMillis / emptyMillis);
        delete(large);
        delete(empty);
    }

    private static double restartMillis(EmbeddedKurrentDb.Options options) throws Exception {
        double[] millis = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long started = System.nanoTime();
            EmbeddedKurrentDb.start(options).close();
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        Arrays.sort(millis);
        return millis[ROUNDS / 2];
    }

    private static void record(Map<String, List<Double>> figures, String name, double rate) {
        figures.computeIfAbsent(name, n -> new ArrayList<>()).add(rate);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
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

    private static double rate(int threads, Callable<Integer> operation) throws Exception {
        run(threads, WARMUP_MILLIS, operation);
        return run(threads, MEASURE_MILLIS, operation) * 1000.0 / MEASURE_MILLIS;
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

    private static void delete(Path directory) throws Exception {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
