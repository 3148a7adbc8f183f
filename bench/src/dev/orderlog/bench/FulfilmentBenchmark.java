package dev.orderlog.bench;

import dev.orderlog.devservices.DevJwtKeys;
import dev.orderlog.devservices.DevTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * by the simulated provider and confirmed on the order), next to the rate of plain order commands in the same run;
 * first one order at a time on the idle service. Where the time goes is read from each instance's timeline (the time
 * of each step as recorded) and from the process consumer's metrics (delivery and queueing).
 * Args: the service's base URI (dev profile, so the simulated provider runs; several, comma-separated, for replicas:
 * clients take turns among them), the first one's management URI, orders per round, clients.
 */
public final class FulfilmentBenchmark {
    private static final int ROUNDS = 3;
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private record Figures(double perSecond, double p50Millis, double p99Millis, Map<String, Double> stepP50Millis) {}

    /**
     * The steps of an order's way to shipment requested, each timed from the one before (the first from placement):
     * the process starting (delivery of OrderPlaced, queueing, reading the order as placed), the stock reserved, and
     * the payment requested and charged at the provider, recorded with the shipment request.
     */
    private static final Map<String, String> STEPS = Map.of(
            "FulfilmentStarted",
            "started",
            "StockReserved",
            "stock reserved",
            "ShipmentRequested",
            "charged, shipment requested");

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    public static void main(String[] args) throws Exception {
        List<URI> bases = Arrays.stream(args[0].split(",")).map(URI::create).toList();
        URI base = bases.getFirst();
        URI management = URI.create(args[1]);
        int orders = Integer.parseInt(args[2]);
        int clients = Integer.parseInt(args[3]);
        String warehouse = token("warehouse", "bench-warehouse");
        idle(base, management, warehouse);
        List<Figures> commands = new ArrayList<>();
        List<Figures> fulfilments = new ArrayList<>();
        for (int round = 0; round <= ROUNDS; round++) {
            String sku = "bench-" + UUID.randomUUID().toString().substring(0, 8);
            expect(send(base.resolve("/stock/" + sku + "/receipts"), warehouse, "{\"quantity\":1000000}"), 200);
            Figures command = placeAll(bases, orders, clients, sku, false);
            Figures fulfilment = placeAll(bases, orders, clients, sku, true);
            System.out.printf(
                    "%s: order commands %.0f/s p50 %.1f ms | fulfilment to shipment requested %.1f orders/s p50 %.0f ms p99 %.0f ms%n",
                    round == 0 ? "warm-up (not counted)" : "round " + round,
                    command.perSecond(),
                    command.p50Millis(),
                    fulfilment.perSecond(),
                    fulfilment.p50Millis(),
                    fulfilment.p99Millis());
            System.out.println("  where the time went (p50 ms): " + fulfilment.stepP50Millis() + "; process consumer "
                    + consumerFigures(management));
            if (round > 0) {
                commands.add(command);
                fulfilments.add(fulfilment);
            }
        }
        Figures command = median(commands);
        Figures fulfilment = median(fulfilments);
        System.out.println();
        System.out.printf("median of %d rounds, %d orders, %d clients%n", ROUNDS, orders, clients);
        System.out.printf(
                "order commands (create, add line, change):  %.0f commands/s, p50 %.1f ms, p99 %.1f ms%n",
                command.perSecond(), command.p50Millis(), command.p99Millis());
        System.out.printf(
                "placement to shipment requested:           %.1f orders/s, p50 %.0f ms, p99 %.0f ms%n",
                fulfilment.perSecond(), fulfilment.p50Millis(), fulfilment.p99Millis());
        System.out.printf(
                "fulfilled orders/s / order commands/s:      %.3fx (an order is 3 commands and about 10 process steps)%n",
                fulfilment.perSecond() / command.perSecond());
        System.out.println(
                "where the time went, p50 of each step (ms), median of rounds: " + fulfilment.stepP50Millis());
    }

    /** Orders one at a time on the otherwise idle service: placed → shipment requested, as the timeline records it. */
    private static void idle(URI base, URI management, String warehouse) throws Exception {
        String sku = "idle-" + UUID.randomUUID().toString().substring(0, 8);
        expect(send(base.resolve("/stock/" + sku + "/receipts"), warehouse, "{\"quantity\":1000}"), 200);
        String admin = token("admin", "bench-admin");
        List<Map<String, Double>> steps = new ArrayList<>();
        List<Long> totals = new ArrayList<>();
        for (int i = -5; i < 30; i++) {
            String customer = token("customer", "bench-" + UUID.randomUUID());
            String id = placed(base, customer, sku);
            Instant placedAt = Instant.now();
            Map<String, Instant> timeline = Map.of();
            for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    !timeline.containsKey("ShipmentRequested");
                    Thread.sleep(5)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("order " + id + " did not reach shipment requested in 30 s");
                }
                timeline = timeline(base, admin, id);
            }
            if (i >= 0) {
                steps.add(stepMillis(placedAt, timeline));
                totals.add(Duration.between(placedAt, timeline.get("ShipmentRequested"))
                        .toNanos());
            }
        }
        long[] sorted = totals.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(
                "one order at a time, idle service (%d orders): placed → shipment requested p50 %.1f ms, range %.1f-%.1f ms%n",
                sorted.length, sorted[sorted.length / 2] / 1e6, sorted[0] / 1e6, sorted[sorted.length - 1] / 1e6);
        System.out.println("  where the time went (p50 ms): " + medianSteps(steps) + "; process consumer "
                + consumerFigures(management));
        System.out.println();
    }

    /** Creates an order of one unit of {@code sku}, places it, and returns its id. */
    private static String placed(URI base, String customer, String sku) throws Exception {
        Matcher id = ID.matcher(expect(send(base.resolve("/orders"), customer, "{\"currency\":\"EUR\"}"), 201));
        id.find();
        expect(
                send(
                        base.resolve("/orders/" + id.group(1) + "/lines"),
                        customer,
                        "{\"sku\":\"" + sku
                                + "\",\"quantity\":1,\"unitPrice\":{\"amountMinor\":100,\"currency\":\"EUR\"}}"),
                200);
        expect(
                send(
                        base.resolve("/orders/" + id.group(1) + "/place"),
                        customer,
                        "{\"shippingAddress\":{\"recipient\":\"A\",\"street\":\"S\",\"city\":\"C\",\"postalCode\":\"P\",\"country\":\"GB\"}}"),
                200);
        return id.group(1);
    }

    /** Each step's type with the time it was recorded (the last of its kind). */
    private static Map<String, Instant> timeline(URI base, String admin, String orderId) throws Exception {
        var response = HTTP.send(
                HttpRequest.newBuilder(base.resolve("/admin/fulfilment/" + orderId))
                        .header("Authorization", "Bearer " + admin)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, Instant> times = new HashMap<>();
        if (response.statusCode() == 200) {
            JSON.readTree(response.body())
                    .path("timeline")
                    .forEach(entry -> times.put(
                            entry.path("type").asText(),
                            Instant.parse(entry.path("at").asText())));
        }
        return times;
    }

    /** Milliseconds each step took after the one before; the first from placement. */
    private static Map<String, Double> stepMillis(Instant placedAt, Map<String, Instant> timeline) {
        Map<String, Double> steps = new LinkedHashMap<>();
        Instant before = placedAt;
        for (String step : List.of("FulfilmentStarted", "StockReserved", "ShipmentRequested")) {
            Instant at = timeline.get(step);
            steps.put(STEPS.get(step), Duration.between(before, at).toNanos() / 1e6);
            before = at;
        }
        return steps;
    }

    private static Map<String, Double> medianSteps(List<Map<String, Double>> perOrder) {
        Map<String, Double> medians = new LinkedHashMap<>();
        perOrder.getFirst()
                .keySet()
                .forEach(step -> medians.put(
                        step,
                        Math.round(middle(perOrder.stream()
                                                .mapToDouble(one -> one.get(step))
                                                .toArray())
                                        * 10)
                                / 10.0));
        return medians;
    }

    /** The process consumer's delivery (append → received) and queueing (received → handled) p50, from the service's metrics. */
    private static String consumerFigures(URI management) throws Exception {
        String exported = HTTP.send(
                        HttpRequest.newBuilder(management.resolve("/q/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return "delivery p50 " + quantileMillis(exported, "orderlog_process_delivery_seconds", "")
                + " ms, queueing p50 "
                + quantileMillis(exported, "orderlog_process_queueing_seconds", "")
                + " ms; read model consumer delivery p50 "
                + quantileMillis(exported, "orderlog_projection_delivery_seconds", "fulfilment-read-model")
                + " ms, queueing p50 "
                + quantileMillis(exported, "orderlog_projection_queueing_seconds", "fulfilment-read-model") + " ms";
    }

    private static String quantileMillis(String exported, String metric, String tagged) {
        Matcher value = Pattern.compile("(?m)^" + metric + "\\{[^}]*" + tagged + "[^}]*quantile=\"0.5\"[^}]*} (\\S+)$")
                .matcher(exported);
        return value.find() ? String.format("%.1f", Double.parseDouble(value.group(1)) * 1000) : "?";
    }

    /**
     * {@code orders} orders from {@code clients} clients, three commands each. Without {@code awaitShipment}: create, add a
     * line, change its quantity, and the rate and latency of those commands. With it: create, add a line, place, and
     * the time from each placement to its fulfilment awaiting shipment.
     */
    private static Figures placeAll(List<URI> bases, int orders, int clients, String sku, boolean awaitShipment)
            throws Exception {
        URI base = bases.getFirst();
        Map<String, Instant> placedWall = new ConcurrentHashMap<>();
        List<Long> commandNanos = java.util.Collections.synchronizedList(new ArrayList<>());
        long started = System.nanoTime();
        Instant startedWall = Instant.now();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < orders; i++) {
                // Each order through one replica, the replicas taking turns.
                URI replica = bases.get(i % bases.size());
                all.add(pool.submit(() -> {
                    String customer = token("customer", "bench-" + UUID.randomUUID());
                    long t0 = System.nanoTime();
                    Matcher id = ID.matcher(
                            expect(send(replica.resolve("/orders"), customer, "{\"currency\":\"EUR\"}"), 201));
                    id.find();
                    long t1 = System.nanoTime();
                    expect(
                            send(
                                    replica.resolve("/orders/" + id.group(1) + "/lines"),
                                    customer,
                                    "{\"sku\":\"" + sku
                                            + "\",\"quantity\":1,\"unitPrice\":{\"amountMinor\":100,\"currency\":\"EUR\"}}"),
                            200);
                    long t2 = System.nanoTime();
                    // The baseline's orders stay drafts (their third command changes a quantity), so the process never
                    // runs for them.
                    expect(
                            awaitShipment
                                    ? send(
                                            replica.resolve("/orders/" + id.group(1) + "/place"),
                                            customer,
                                            "{\"shippingAddress\":{\"recipient\":\"A\",\"street\":\"S\",\"city\":\"C\",\"postalCode\":\"P\",\"country\":\"GB\"}}")
                                    : send(
                                            replica.resolve("/orders/" + id.group(1) + "/lines/" + sku),
                                            customer,
                                            "{\"quantity\":2}",
                                            "PUT"),
                            200);
                    long t3 = System.nanoTime();
                    commandNanos.addAll(List.of(t1 - t0, t2 - t1, t3 - t2));
                    placedWall.put(id.group(1), Instant.now());
                    return null;
                }));
            }
            for (Future<?> one : all) {
                one.get();
            }
        }
        if (!awaitShipment) {
            return figures(commandNanos, commandNanos.size(), System.nanoTime() - started, Map.of());
        }
        // Each instance's stream is asked until it records the shipment request, twice a second for those not there
        // yet.
        // Latency and rate come from the times recorded, not from these looks (the read models' consumers are printed
        // apart).
        String admin = token("admin", "bench-admin");
        Map<String, Map<String, Instant>> timelines = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (timelines.size() < placedWall.size() && System.nanoTime() < deadline) {
            for (String orderId : placedWall.keySet()) {
                if (!timelines.containsKey(orderId)) {
                    Map<String, Instant> timeline = timeline(base, admin, orderId);
                    if (timeline.containsKey("ShipmentRequested")) {
                        timelines.put(orderId, timeline);
                    }
                }
            }
            if (timelines.size() < placedWall.size()) {
                Thread.sleep(500);
            }
        }
        if (timelines.size() < placedWall.size()) {
            throw new IllegalStateException((placedWall.size() - timelines.size())
                    + " orders did not reach shipment requested within 5 minutes");
        }
        List<Long> latencies = new ArrayList<>();
        Instant last = startedWall;
        List<Map<String, Double>> steps = new ArrayList<>();
        for (String orderId : placedWall.keySet()) {
            Map<String, Instant> timeline = timelines.get(orderId);
            Instant requested = timeline.get("ShipmentRequested");
            latencies.add(Duration.between(placedWall.get(orderId), requested).toNanos());
            last = requested.isAfter(last) ? requested : last;
            steps.add(stepMillis(placedWall.get(orderId), timeline));
        }
        return figures(latencies, orders, Duration.between(startedWall, last).toNanos(), medianSteps(steps));
    }

    private static Figures figures(List<Long> nanos, int count, long elapsedNanos, Map<String, Double> steps) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Figures(
                count * 1e9 / elapsedNanos,
                sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.99)] / 1e6,
                steps);
    }

    private static Figures median(List<Figures> figures) {
        return new Figures(
                middle(figures.stream().mapToDouble(Figures::perSecond).toArray()),
                middle(figures.stream().mapToDouble(Figures::p50Millis).toArray()),
                middle(figures.stream().mapToDouble(Figures::p99Millis).toArray()),
                figures.getFirst().stepP50Millis().isEmpty()
                        ? Map.of()
                        : medianSteps(
                                figures.stream().map(Figures::stepP50Millis).toList()));
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
        return HTTP.send(
                HttpRequest.newBuilder(uri)
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token)
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(
                    response.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String token(String role, String subject) {
        try {
            return DevTokens.signed(
                    DevTokens.claims(role, subject, Duration.ofHours(1)),
                    DevJwtKeys.ofWorkingCopy().privateKey());
        } catch (java.io.IOException unreadable) {
            throw new IllegalStateException(unreadable);
        }
    }
}
