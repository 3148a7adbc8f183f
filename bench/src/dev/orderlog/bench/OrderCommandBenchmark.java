package dev.orderlog.bench;

import dev.orderlog.devservices.DevJwtKeys;
import dev.orderlog.devservices.DevTokens;
import dev.orderlog.devservices.kurrentdb.EmbeddedKurrentDb;
import io.kurrent.dbclient.AppendToStreamOptions;
import io.kurrent.dbclient.EventDataBuilder;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.KurrentDBConnectionString;
import io.kurrent.dbclient.ReadStreamOptions;
import io.kurrent.dbclient.StreamNotFoundException;
import io.kurrent.dbclient.StreamState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Order commands over HTTP against a running service (arguments: its API's and its management interface's base URLs),
 * next to baselines measured in the same
 * run: the liveness probe (the cheapest request the service answers) and the raw KurrentDB client doing a command's
 * work in-process without HTTP (load: newest snapshot and the tail of the stream; then an append with the expected
 * revision), against an embedded KurrentDB in this JVM. One untimed round warms every path up (the JIT, the
 * service's caches), then three timed rounds; medians are reported.
 */
public final class OrderCommandBenchmark {
    private static final long WARMUP_MILLIS = 2_000;
    private static final long MEASURE_MILLIS = 5_000;
    private static final int ROUNDS = 3;
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    /** An administrator's token signed with the dev key the service in the dev profile trusts. */
    private static final String BEARER = "Bearer " + adminToken();

    private static final byte[] CHANGE = "{\"sku\":\"sku\",\"quantity\":3}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] METADATA =
            "{\"eventVersion\":1,\"correlationId\":\"bench\",\"actor\":\"bench\"}".getBytes(StandardCharsets.UTF_8);

    private record Figures(double perSecond, double p50Millis, double p99Millis, long refused) {}

    @FunctionalInterface
    private interface Call {
        /** One call; false when the service refused it with 409. */
        boolean run(int iteration) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        URI management = URI.create(args[1]);
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Map<String, List<Figures>> rounds = new LinkedHashMap<>();
        try (EmbeddedKurrentDb server = EmbeddedKurrentDb.start(EmbeddedKurrentDb.Options.defaults())) {
            KurrentDBClient raw =
                    KurrentDBClient.create(KurrentDBConnectionString.parseOrThrow(server.connectionString()));
            for (int round = 0; round <= ROUNDS; round++) {
                System.out.println(round == 0 ? "warm-up round (not counted)" : "round " + round + " of " + ROUNDS);
                record("raw client: append only, 1 client", measure(1, () -> rawCommand(raw, false)), rounds, round);
                record("raw client: load + append, 1 client", measure(1, () -> rawCommand(raw, true)), rounds, round);
                record(
                        "liveness probe, 1 client",
                        measure(
                                1,
                                () -> iteration -> status(http.send(
                                        get(management.resolve("/q/health/live")),
                                        HttpResponse.BodyHandlers.ofString()))),
                        rounds,
                        round);
                record(
                        "order command, 1 client",
                        measure(1, () -> changeQuantity(http, base, createOrderWithLine(http, base))),
                        rounds,
                        round);
                record(
                        "raw client: load + append, 16 clients",
                        measure(16, () -> rawCommand(raw, true)),
                        rounds,
                        round);
                record(
                        "order command, 16 clients, 16 orders",
                        measure(16, () -> changeQuantity(http, base, createOrderWithLine(http, base))),
                        rounds,
                        round);
                String hot = createOrderWithLine(http, base);
                record(
                        "order command, 16 clients, 1 order",
                        measure(16, () -> changeQuantity(http, base, hot)),
                        rounds,
                        round);
            }
            raw.shutdown().get();
        }
        System.out.println();
        System.out.printf(
                "%-40s %11s %9s %9s %9s%n",
                "figure (median of " + ROUNDS + " rounds)", "per second", "p50 ms", "p99 ms", "409s");
        Map<String, Figures> medians = new LinkedHashMap<>();
        rounds.forEach((name, figures) -> {
            Figures median = median(figures);
            medians.put(name, median);
            System.out.printf(
                    "%-40s %11.0f %9.2f %9.2f %9d%n",
                    name, median.perSecond(), median.p50Millis(), median.p99Millis(), median.refused());
        });
        Figures command = medians.get("order command, 1 client");
        Figures loadAndAppend = medians.get("raw client: load + append, 1 client");
        Figures appendOnly = medians.get("raw client: append only, 1 client");
        Figures spread = medians.get("order command, 16 clients, 16 orders");
        Figures hot = medians.get("order command, 16 clients, 1 order");
        System.out.println();
        System.out.printf(
                "command p50 / raw load + append p50 (1 client): %.2fx%n",
                command.p50Millis() / loadAndAppend.p50Millis());
        System.out.printf(
                "command p50 / raw append-only p50 (1 client):   %.2fx%n",
                command.p50Millis() / appendOnly.p50Millis());
        System.out.printf(
                "command rate / liveness probe rate (1 client):  %.2fx%n",
                command.perSecond() / medians.get("liveness probe, 1 client").perSecond());
        System.out.printf(
                "one hot order / 16 orders (16 clients):          %.2fx, %d refused with 409%n",
                hot.perSecond() / spread.perSecond(), hot.refused());
    }

    private static void record(String name, Figures figures, Map<String, List<Figures>> rounds, int round) {
        System.out.printf(
                "  %-40s %9.0f/s p50 %6.2f ms p99 %7.2f ms%s%n",
                name,
                figures.perSecond(),
                figures.p50Millis(),
                figures.p99Millis(),
                figures.refused() > 0 ? ", " + figures.refused() + " x 409" : "");
        if (round > 0) {
            rounds.computeIfAbsent(name, n -> new ArrayList<>()).add(figures);
        }
    }

    private static Figures median(List<Figures> figures) {
        return new Figures(
                middle(figures.stream().mapToDouble(Figures::perSecond).toArray()),
                middle(figures.stream().mapToDouble(Figures::p50Millis).toArray()),
                middle(figures.stream().mapToDouble(Figures::p99Millis).toArray()),
                (long) middle(figures.stream().mapToDouble(Figures::refused).toArray()));
    }

    private static double middle(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /**
     * A command's KurrentDB work with the raw client on a stream of its own: optionally the load (newest snapshot, absent
     * here, and the events since the last 50-event boundary, as a snapshotting service reads them), then an append with
     * the expected revision.
     */
    private static Call rawCommand(KurrentDBClient client, boolean load) {
        String stream = "order-raw-" + UUID.randomUUID();
        AtomicLong revision = new AtomicLong(-1);
        return iteration -> {
            if (load) {
                try {
                    client.readStream(
                                    "snapshot-" + stream,
                                    ReadStreamOptions.get()
                                            .backwards()
                                            .fromEnd()
                                            .maxCount(1))
                            .get();
                } catch (ExecutionException absent) {
                    if (!(absent.getCause() instanceof StreamNotFoundException)) {
                        throw absent;
                    }
                }
                if (revision.get() >= 0) {
                    client.readStream(stream, ReadStreamOptions.get().forwards().fromRevision(revision.get() / 50 * 50))
                            .get();
                }
            }
            StreamState expected =
                    revision.get() < 0 ? StreamState.noStream() : StreamState.streamRevision(revision.get());
            var written = client.appendToStream(
                            stream,
                            AppendToStreamOptions.get().streamState(expected),
                            EventDataBuilder.json(UUID.randomUUID(), "LineQuantityChanged", CHANGE)
                                    .metadataAsBytes(METADATA)
                                    .build())
                    .get();
            revision.set(written.getNextExpectedRevision().toRawLong());
            return true;
        };
    }

    private static Call changeQuantity(HttpClient http, URI base, String order) {
        return iteration -> status(http.send(
                HttpRequest.newBuilder(base.resolve("/orders/" + order + "/lines/sku"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", BEARER)
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"quantity\":" + (iteration % 1000 + 1) + "}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    private static String createOrderWithLine(HttpClient http, URI base) throws Exception {
        HttpResponse<String> created = http.send(
                post(base.resolve("/orders"), "{\"customerId\":\"bench\",\"currency\":\"EUR\"}"),
                HttpResponse.BodyHandlers.ofString());
        expect(created, 201);
        Matcher id = ID.matcher(created.body());
        if (!id.find()) {
            throw new IllegalStateException("no id in " + created.body());
        }
        expect(
                http.send(
                        post(
                                base.resolve("/orders/" + id.group(1) + "/lines"),
                                "{\"sku\":\"sku\",\"quantity\":1,\"unitPrice\":{\"amountMinor\":100,\"currency\":\"EUR\"}}"),
                        HttpResponse.BodyHandlers.ofString()),
                200);
        return id.group(1);
    }

    /** Each client prepares once (outside the clock) and then calls in a loop; latencies of the measured window only. */
    private static Figures measure(int clients, Callable<Call> prepare) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<long[]>> workers = new ArrayList<>();
            AtomicLong refused = new AtomicLong();
            long warmupEnds = System.nanoTime() + WARMUP_MILLIS * 1_000_000;
            long measureEnds = warmupEnds + MEASURE_MILLIS * 1_000_000;
            for (int c = 0; c < clients; c++) {
                workers.add(pool.submit(() -> {
                    Call call = prepare.call();
                    long[] latencies = new long[1 << 20];
                    int count = 0;
                    for (int i = 0; System.nanoTime() < measureEnds; i++) {
                        long started = System.nanoTime();
                        boolean accepted = call.run(i);
                        long ended = System.nanoTime();
                        if (started >= warmupEnds && ended <= measureEnds) {
                            if (!accepted) {
                                refused.incrementAndGet();
                            } else if (count < latencies.length) {
                                latencies[count++] = ended - started;
                            }
                        }
                    }
                    return Arrays.copyOf(latencies, count);
                }));
            }
            long[] all = new long[0];
            for (Future<long[]> worker : workers) {
                long[] part = worker.get();
                long[] merged = Arrays.copyOf(all, all.length + part.length);
                System.arraycopy(part, 0, merged, all.length, part.length);
                all = merged;
            }
            Arrays.sort(all);
            return new Figures(
                    all.length * 1000.0 / MEASURE_MILLIS,
                    all[all.length / 2] / 1e6,
                    all[(int) (all.length * 0.99)] / 1e6,
                    refused.get());
        }
    }

    private static HttpRequest get(URI uri) {
        return HttpRequest.newBuilder(uri).header("Authorization", BEARER).GET().build();
    }

    private static HttpRequest post(URI uri, String body) {
        return HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("Authorization", BEARER)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static String adminToken() {
        try {
            return DevTokens.signed(
                    DevTokens.claims("admin", "bench", Duration.ofHours(1)),
                    DevJwtKeys.ofWorkingCopy().privateKey());
        } catch (java.io.IOException unreadable) {
            throw new IllegalStateException(unreadable);
        }
    }

    /** True for 200, false for a 409 (refused after conflicts); anything else stops the benchmark. */
    private static boolean status(HttpResponse<String> response) {
        if (response.statusCode() == 409) {
            return false;
        }
        expect(response, 200);
        return true;
    }

    private static void expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
    }
}
