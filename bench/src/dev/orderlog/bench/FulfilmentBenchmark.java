package dev.orderlog.bench;

import dev.orderlog.devservices.DevJwtKeys;
import dev.orderlog.devservices.DevTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Orders placed and driven by the fulfilment process to "shipment requested" (stock reserved, payment approved at once
 * by the simulated provider and confirmed on the order), next to the rate of plain order commands in the same run.
 * Args: the service's base URI (dev profile, so the simulated provider runs), orders per round, clients.
 */
public final class FulfilmentBenchmark {
    private static final int ROUNDS = 3;
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    private static final Pattern ORDER_ID = Pattern.compile("\"orderId\":\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private record Figures(double perSecond, double p50Millis, double p99Millis) {
    }

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        int orders = Integer.parseInt(args[1]);
        int clients = Integer.parseInt(args[2]);
        String warehouse = token("warehouse", "bench-warehouse");
        List<Figures> commands = new ArrayList<>();
        List<Figures> fulfilments = new ArrayList<>();
        for (int round = 0; round <= ROUNDS; round++) {
            String sku = "bench-" + UUID.randomUUID().toString().substring(0, 8);
            expect(send(base.resolve("/stock/" + sku + "/receipts"), warehouse, "{\"quantity\":1000000}"), 200);
            Figures command = placeAll(base, orders, clients, sku, false);
            Figures fulfilment = placeAll(base, orders, clients, sku, true);
            System.out.printf("%s: order commands %.0f/s p50 %.1f ms | fulfilment to shipment requested %.1f orders/s p50 %.0f ms p99 %.0f ms%n",
                    round == 0 ? "warm-up (not counted)" : "round " + round, command.perSecond(), command.p50Millis(), fulfilment.perSecond(),
                    fulfilment.p50Millis(), fulfilment.p99Millis());
            if (round > 0) {
                commands.add(command);
                fulfilments.add(fulfilment);
            }
        }
        Figures command = median(commands);
        Figures fulfilment = median(fulfilments);
        System.out.println();
        System.out.printf("median of %d rounds, %d orders, %d clients%n", ROUNDS, orders, clients);
        System.out.printf("order commands (create, add line, change):  %.0f commands/s, p50 %.1f ms, p99 %.1f ms%n", command.perSecond(), command.p50Millis(), command.p99Millis());
        System.out.printf("placement to shipment requested:           %.1f orders/s, p50 %.0f ms, p99 %.0f ms%n", fulfilment.perSecond(), fulfilment.p50Millis(), fulfilment.p99Millis());
        System.out.printf("fulfilled orders/s / order commands/s:      %.3fx (an order is 3 commands and about 10 process steps)%n",
                fulfilment.perSecond() / command.perSecond());
    }

    /**
     * {@code orders} orders from {@code clients} clients, three commands each. Without {@code awaitShipment}: create, add a
     * line, change its quantity, and the rate and latency of those commands. With it: create, add a line, place, and
     * the time from each placement to its fulfilment awaiting shipment.
     */
    private static Figures placeAll(URI base, int orders, int clients, String sku, boolean awaitShipment) throws Exception {
        Map<String, Long> placedAt = new ConcurrentHashMap<>();
        List<Long> commandNanos = java.util.Collections.synchronizedList(new ArrayList<>());
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < orders; i++) {
                all.add(pool.submit(() -> {
                    String customer = token("customer", "bench-" + UUID.randomUUID());
                    long t0 = System.nanoTime();
                    Matcher id = ID.matcher(expect(send(base.resolve("/orders"), customer, "{\"currency\":\"EUR\"}"), 201));
                    id.find();
                    long t1 = System.nanoTime();
                    expect(send(base.resolve("/orders/" + id.group(1) + "/lines"), customer,
                            "{\"sku\":\"" + sku + "\",\"quantity\":1,\"unitPrice\":{\"amountMinor\":100,\"currency\":\"EUR\"}}"), 200);
                    long t2 = System.nanoTime();
                    // The baseline's orders stay drafts (their third command changes a quantity), so the process never runs for them.
                    expect(awaitShipment ? send(base.resolve("/orders/" + id.group(1) + "/place"), customer,
                            "{\"shippingAddress\":{\"recipient\":\"A\",\"street\":\"S\",\"city\":\"C\",\"postalCode\":\"P\",\"country\":\"GB\"}}")
                            : send(base.resolve("/orders/" + id.group(1) + "/lines/" + sku), customer, "{\"quantity\":2}", "PUT"), 200);
                    long t3 = System.nanoTime();
                    commandNanos.addAll(List.of(t1 - t0, t2 - t1, t3 - t2));
                    placedAt.put(id.group(1), t3);
                    return null;
                }));
            }
            for (Future<?> one : all) {
                one.get();
            }
        }
        if (!awaitShipment) {
            return figures(commandNanos, commandNanos.size(), System.nanoTime() - started);
        }
        // One question per look, as an operator's list would ask it: which instances await shipment (the read model).
        String admin = token("admin", "bench-admin");
        Map<String, Long> done = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (done.size() < placedAt.size() && System.nanoTime() < deadline) {
            String awaiting = HTTP.send(HttpRequest.newBuilder(base.resolve("/admin/fulfilment?phase=awaiting-shipment&limit=1000"))
                    .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString()).body();
            long now = System.nanoTime();
            Matcher orderId = ORDER_ID.matcher(awaiting);
            while (orderId.find()) {
                if (placedAt.containsKey(orderId.group(1))) {
                    done.putIfAbsent(orderId.group(1), now);
                }
            }
            Thread.sleep(25);
        }
        if (done.size() < placedAt.size()) {
            throw new IllegalStateException((placedAt.size() - done.size()) + " orders did not reach shipment requested within 5 minutes");
        }
        List<Long> latencies = placedAt.entrySet().stream().map(e -> done.get(e.getKey()) - e.getValue()).toList();
        long last = done.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        return figures(latencies, orders, last - started);
    }

    private static Figures figures(List<Long> nanos, int count, long elapsedNanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Figures(count * 1e9 / elapsedNanos, sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6);
    }

    private static Figures median(List<Figures> figures) {
        return new Figures(middle(figures.stream().mapToDouble(Figures::perSecond).toArray()), middle(figures.stream().mapToDouble(Figures::p50Millis).toArray()),
                middle(figures.stream().mapToDouble(Figures::p99Millis).toArray()));
    }

    private static double middle(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static HttpResponse<String> send(URI uri, String token, String body) throws Exception {
        return send(uri, token, body, "POST");
    }

    private static HttpResponse<String> send(URI uri, String token, String body, String method) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String token(String role, String subject) {
        try {
            return DevTokens.signed(DevTokens.claims(role, subject, Duration.ofHours(1)), DevJwtKeys.ofWorkingCopy().privateKey());
        } catch (java.io.IOException unreadable) {
            throw new IllegalStateException(unreadable);
        }
    }
}
