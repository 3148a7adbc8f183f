package dev.orderlog.devservices.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * A payment provider served over real HTTP for dev and test: charges and refunds idempotent by their
 * {@code Idempotency-Key} (a key charges once, however often it is sent), and webhooks signed with the shared secret.
 * How it answers is set per order or per customer ({@code PUT /simulator/orders/{id}}, {@code /simulator/customers/{id}}
 * with a {@link Behaviour}); {@code GET /simulator/charges?orderId=} shows what was charged and refunded.
 */
public final class SimulatedPaymentProvider implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SimulatedPaymentProvider.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How a charge is answered. */
    public enum ChargeMode {
        APPROVE,
        DECLINE,
        PENDING,
        TIMEOUT,
        SLOW,
        FAIL_TRANSIENTLY
    }

    /** How its webhooks are sent: not at all, once, twice, or once before the charge is even answered. */
    public enum WebhookMode {
        NONE,
        ONCE,
        DUPLICATE,
        OUT_OF_ORDER
    }

    public enum RefundMode {
        APPROVE,
        REFUSE
    }

    /** {@code delayMillis}: how long TIMEOUT, SLOW and PENDING wait; {@code failures}: 5xx answers before FAIL_TRANSIENTLY approves. */
    public record Behaviour(
            ChargeMode charge, RefundMode refund, WebhookMode webhooks, long delayMillis, int failures) {
        static final Behaviour DEFAULT = new Behaviour(ChargeMode.APPROVE, RefundMode.APPROVE, WebhookMode.ONCE, 0, 0);
    }

    /** One charge or refund as the provider keeps it. */
    public record Entry(
            String kind,
            String key,
            String id,
            String orderId,
            String chargeId,
            long amountMinor,
            String status,
            int requests) {}

    private final HttpServer server;
    private final String secret;
    private final HttpClient webhooks =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Behaviour> byOrder = new ConcurrentHashMap<>();
    private final Map<String, Behaviour> byCustomer = new ConcurrentHashMap<>();
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

    private SimulatedPaymentProvider(HttpServer server, String secret) {
        this.server = server;
        this.secret = secret;
    }

    public static SimulatedPaymentProvider start(String secret) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        SimulatedPaymentProvider provider = new SimulatedPaymentProvider(server, secret);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/charges", exchange -> provider.answer(exchange, provider::charge));
        server.createContext("/v1/refunds", exchange -> provider.answer(exchange, provider::refund));
        server.createContext("/simulator", exchange -> provider.answer(exchange, provider::control));
        server.start();
        return provider;
    }

    public URI baseUri() {
        return URI.create("http://" + server.getAddress().getHostString() + ":"
                + server.getAddress().getPort());
    }

    @FunctionalInterface
    private interface Handler {
        Answer handle(HttpExchange exchange, JsonNode body) throws Exception;
    }

    private record Answer(int status, Object body) {}

    private void answer(HttpExchange exchange, Handler handler) throws IOException {
        try (exchange) {
            byte[] in = exchange.getRequestBody().readAllBytes();
            Answer answer;
            try {
                answer = handler.handle(exchange, in.length == 0 ? JSON.createObjectNode() : JSON.readTree(in));
            } catch (Exception failed) {
                answer = new Answer(400, Map.of("error", String.valueOf(failed.getMessage())));
            }
            byte[] out = answer.body() == null ? new byte[0] : JSON.writeValueAsBytes(answer.body());
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                exchange.getResponseBody().write(out);
            }
        }
    }

    private Behaviour behaviourFor(JsonNode request) {
        Behaviour forOrder = byOrder.get(request.path("orderId").asText());
        return forOrder != null
                ? forOrder
                : byCustomer.getOrDefault(request.path("customerId").asText(), Behaviour.DEFAULT);
    }

    private Answer charge(HttpExchange exchange, JsonNode request) throws InterruptedException {
        if ("GET".equals(exchange.getRequestMethod())) {
            return lookUp(exchange.getRequestURI().getQuery());
        }
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (key == null) {
            return new Answer(400, Map.of("error", "Idempotency-Key is required"));
        }
        Behaviour behaviour = behaviourFor(request);
        int attempt = attempts.merge("charge\n" + key, 1, Integer::sum);
        if (behaviour.charge() == ChargeMode.FAIL_TRANSIENTLY && attempt <= behaviour.failures()) {
            return new Answer(503, Map.of("error", "try again"));
        }
        String orderId = request.path("orderId").asText();
        String notifyUrl = request.path("notifyUrl").asText();
        boolean[] created = {false};
        Entry entry = entries.compute("charge\n" + key, (k, known) -> {
            if (known != null) {
                return new Entry(
                        known.kind(),
                        known.key(),
                        known.id(),
                        known.orderId(),
                        known.chargeId(),
                        known.amountMinor(),
                        known.status(),
                        known.requests() + 1);
            }
            created[0] = true;
            String status = switch (behaviour.charge()) {
                case DECLINE -> "declined";
                case PENDING -> "pending";
                default -> "approved";
            };
            String chargeId = "ch_" + UUID.randomUUID();
            return new Entry(
                    "charge",
                    key,
                    chargeId,
                    orderId,
                    chargeId,
                    request.path("amountMinor").asLong(),
                    status,
                    1);
        });
        if (created[0]) {
            LOG.infof("Simulated provider: charge %s for order %s %s", entry.id(), orderId, entry.status());
            if (behaviour.charge() == ChargeMode.PENDING) {
                senders.submit(() -> {
                    Thread.sleep(behaviour.delayMillis());
                    entries.computeIfPresent(
                            "charge\n" + key,
                            (k, known) -> new Entry(
                                    known.kind(),
                                    known.key(),
                                    known.id(),
                                    known.orderId(),
                                    known.chargeId(),
                                    known.amountMinor(),
                                    "approved",
                                    known.requests()));
                    send(notifyUrl, chargeWebhook(entry, "charge.approved"));
                    return null;
                });
            } else if (behaviour.webhooks() == WebhookMode.OUT_OF_ORDER) {
                send(notifyUrl, chargeWebhook(entry, "charge." + entry.status()));
            } else {
                long after = behaviour.charge() == ChargeMode.TIMEOUT ? behaviour.delayMillis() + 100 : 50;
                notifyLater(notifyUrl, chargeWebhook(entry, "charge." + entry.status()), behaviour, after);
            }
        }
        if (behaviour.charge() == ChargeMode.TIMEOUT || behaviour.charge() == ChargeMode.SLOW) {
            Thread.sleep(behaviour.delayMillis());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("chargeId", entry.chargeId());
        body.put("status", entry.status());
        body.put("reason", "declined".equals(entry.status()) ? "card declined" : null);
        return new Answer(201, body);
    }

    /** The charge taken under an idempotency key ({@code ?idempotencyKey=}), or 404. */
    private Answer lookUp(String query) {
        String key = query != null && query.startsWith("idempotencyKey=")
                ? URLDecoder.decode(query.substring("idempotencyKey=".length()), StandardCharsets.UTF_8)
                : "";
        Entry entry = entries.get("charge\n" + key);
        if (entry == null) {
            return new Answer(404, Map.of("error", "no charge under this key"));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("chargeId", entry.chargeId());
        body.put("status", entry.status());
        body.put("reason", "declined".equals(entry.status()) ? "card declined" : null);
        return new Answer(200, body);
    }

    private Answer refund(HttpExchange exchange, JsonNode request) {
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (key == null) {
            return new Answer(400, Map.of("error", "Idempotency-Key is required"));
        }
        String orderId = request.path("orderId").asText();
        Behaviour behaviour = byOrder.getOrDefault(orderId, Behaviour.DEFAULT);
        boolean[] created = {false};
        Entry entry = entries.compute("refund\n" + key, (k, known) -> {
            if (known != null) {
                return new Entry(
                        known.kind(),
                        known.key(),
                        known.id(),
                        known.orderId(),
                        known.chargeId(),
                        known.amountMinor(),
                        known.status(),
                        known.requests() + 1);
            }
            created[0] = true;
            return new Entry(
                    "refund",
                    key,
                    "re_" + UUID.randomUUID(),
                    orderId,
                    request.path("chargeId").asText(),
                    request.path("amountMinor").asLong(),
                    behaviour.refund() == RefundMode.APPROVE ? "refunded" : "refused",
                    1);
        });
        if (created[0] && "refunded".equals(entry.status())) {
            ObjectNode webhook = JSON.createObjectNode()
                    .put("id", "evt_" + entry.id())
                    .put("type", "refund.succeeded")
                    .put("orderId", orderId)
                    .put("chargeId", entry.chargeId())
                    .put("refundId", entry.id());
            notifyLater(request.path("notifyUrl").asText(), webhook, behaviour, 50);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("refundId", entry.id());
        body.put("status", entry.status());
        body.put("reason", "refused".equals(entry.status()) ? "refund refused by the provider" : null);
        return new Answer(201, body);
    }

    private Answer control(HttpExchange exchange, JsonNode body) throws IOException {
        String[] path = exchange.getRequestURI().getPath().split("/");
        if ("PUT".equals(exchange.getRequestMethod())
                && path.length == 4
                && ("orders".equals(path[2]) || "customers".equals(path[2]))) {
            Behaviour behaviour = new Behaviour(
                    ChargeMode.valueOf(body.path("charge").asText("APPROVE")),
                    RefundMode.valueOf(body.path("refund").asText("APPROVE")),
                    WebhookMode.valueOf(body.path("webhooks").asText("ONCE")),
                    body.path("delayMillis").asLong(0),
                    body.path("failures").asInt(0));
            ("orders".equals(path[2]) ? byOrder : byCustomer).put(path[3], behaviour);
            return new Answer(204, null);
        }
        if ("GET".equals(exchange.getRequestMethod()) && path.length == 3 && "charges".equals(path[2])) {
            String query = exchange.getRequestURI().getQuery();
            String orderId =
                    query != null && query.startsWith("orderId=") ? query.substring("orderId=".length()) : null;
            List<Entry> found = new ArrayList<>(entries.values().stream()
                    .filter(e -> orderId == null || orderId.equals(e.orderId()))
                    .toList());
            return new Answer(200, found);
        }
        return new Answer(404, Map.of("error", "no such simulator endpoint"));
    }

    private ObjectNode chargeWebhook(Entry entry, String type) {
        return JSON.createObjectNode()
                .put("id", "evt_" + entry.id() + "_" + type)
                .put("type", type)
                .put("orderId", entry.orderId())
                .put("chargeId", entry.chargeId())
                .put("reason", "charge.declined".equals(type) ? "card declined" : null);
    }

    private void notifyLater(String url, ObjectNode webhook, Behaviour behaviour, long afterMillis) {
        if (behaviour.webhooks() == WebhookMode.NONE && behaviour.charge() != ChargeMode.PENDING) {
            return;
        }
        senders.submit(() -> {
            Thread.sleep(afterMillis);
            send(url, webhook);
            if (behaviour.webhooks() == WebhookMode.DUPLICATE) {
                send(url, webhook);
            }
            return null;
        });
    }

    /** Delivered with a few retries, as providers do; the receiver recognises redeliveries by the id. */
    private void send(String url, ObjectNode webhook) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(webhook);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                HttpResponse<Void> answer = webhooks.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "application/json")
                                .header("X-Signature", signature(body))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() < 300) {
                    return;
                }
            } catch (IOException unreachable) {
                LOG.debugf("Simulated provider: webhook to %s failed: %s", url, unreachable);
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(200L << attempt);
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** As a provider in the style of Stripe signs: the time and the body, {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}. */
    private String signature(byte[] body) {
        try {
            long now = Instant.now().getEpochSecond();
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            hmac.update((now + ".").getBytes(StandardCharsets.US_ASCII));
            return "t=" + now + ",v1=" + HexFormat.of().formatHex(hmac.doFinal(body));
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        senders.shutdownNow();
    }
}
