package dev.orderlog.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Order commands over HTTP against a running service (argument: its base URL), with 1 and 16 concurrent clients, each
 * on an order of its own. The baseline is the liveness probe, the cheapest request the service answers, measured the
 * same way in the same run.
 */
public final class OrderCommandBenchmark {
    private static final long WARMUP_MILLIS = 3_000;
    private static final long MEASURE_MILLIS = 8_000;
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    private record Figures(double perSecond, double p50Millis, double p99Millis) {
    }

    @FunctionalInterface
    private interface Call {
        void run(int iteration) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        System.out.printf("%-34s %8s %12s %9s %9s %8s%n", "figure", "clients", "per second", "p50 ms", "p99 ms", "ratio");
        for (int clients : new int[] {1, 16}) {
            Figures probe = measure(clients, () -> iteration -> expect(http.send(get(base.resolve("/q/health/live")), HttpResponse.BodyHandlers.ofString()), 200));
            Figures commands = measure(clients, () -> {
                String order = createOrderWithLine(http, base);
                return iteration -> expect(http.send(HttpRequest.newBuilder(base.resolve("/orders/" + order + "/lines/sku"))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"quantity\":" + (iteration % 1000 + 1) + "}")).build(),
                        HttpResponse.BodyHandlers.ofString()), 200);
            });
            print("liveness probe (baseline)", clients, probe, probe);
            print("order command (change quantity)", clients, commands, probe);
        }
    }

    private static void print(String name, int clients, Figures figures, Figures baseline) {
        System.out.printf("%-34s %8d %12.0f %9.2f %9.2f %7.2fx%n", name, clients, figures.perSecond(), figures.p50Millis(), figures.p99Millis(),
                figures.perSecond() / baseline.perSecond());
    }

    private static String createOrderWithLine(HttpClient http, URI base) throws Exception {
        HttpResponse<String> created = http.send(post(base.resolve("/orders"), "{\"customerId\":\"bench\",\"currency\":\"EUR\"}"), HttpResponse.BodyHandlers.ofString());
        expect(created, 201);
        Matcher id = ID.matcher(created.body());
        if (!id.find()) {
            throw new IllegalStateException("no id in " + created.body());
        }
        expect(http.send(post(base.resolve("/orders/" + id.group(1) + "/lines"),
                "{\"sku\":\"sku\",\"quantity\":1,\"unitPrice\":{\"amountMinor\":100,\"currency\":\"EUR\"}}"), HttpResponse.BodyHandlers.ofString()), 200);
        return id.group(1);
    }

    /** Each client prepares once (outside the clock) and then calls in a loop; latencies of the measured window only. */
    private static Figures measure(int clients, java.util.concurrent.Callable<Call> prepare) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<long[]>> workers = new ArrayList<>();
            long warmupEnds = System.nanoTime() + WARMUP_MILLIS * 1_000_000;
            long measureEnds = warmupEnds + MEASURE_MILLIS * 1_000_000;
            for (int c = 0; c < clients; c++) {
                workers.add(pool.submit(() -> {
                    Call call = prepare.call();
                    long[] latencies = new long[1 << 20];
                    int count = 0;
                    for (int i = 0; System.nanoTime() < measureEnds; i++) {
                        long started = System.nanoTime();
                        call.run(i);
                        long ended = System.nanoTime();
                        if (started >= warmupEnds && ended <= measureEnds && count < latencies.length) {
                            latencies[count++] = ended - started;
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
            return new Figures(all.length * 1000.0 / MEASURE_MILLIS, all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6);
        }
    }

    private static HttpRequest get(URI uri) {
        return HttpRequest.newBuilder(uri).GET().build();
    }

    private static HttpRequest post(URI uri, String body) {
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static void expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
    }
}
