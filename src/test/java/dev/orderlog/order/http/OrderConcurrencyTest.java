package dev.orderlog.order.http;

import static dev.orderlog.order.http.OrderApi.createOrder;
import static dev.orderlog.order.http.OrderApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderlog.order.Money;
import dev.orderlog.order.Order;
import dev.orderlog.order.OrderCommand;
import dev.orderlog.order.OrderDecider;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Commands race on one order; what is stored must be exactly the serial application of the ones that succeeded. */
@QuarkusTest
class OrderConcurrencyTest {
    private static final int RACERS = 50;

    private record Attempt(String correlationId, OrderCommand command, int status) {}

    private static OrderCommand commandFor(int i) {
        String sku = "sku-" + (i % 5);
        return switch (i % 3) {
            case 0 -> new OrderCommand.AddLine(sku, 1, new Money(100, "EUR"));
            case 1 -> new OrderCommand.ChangeLineQuantity(sku, i + 1);
            default -> new OrderCommand.RemoveLine(sku);
        };
    }

    private static Response send(String id, OrderCommand command, String correlationId, String ifMatch) {
        var request = json().header("X-Correlation-Id", correlationId);
        if (ifMatch != null) {
            request = request.header("If-Match", ifMatch);
        }
        return switch (command) {
            case OrderCommand.AddLine add ->
                request.body("{\"sku\":\"" + add.sku() + "\",\"quantity\":" + add.quantity()
                                + ",\"unitPrice\":{\"amountMinor\":100,\"currency\":\"EUR\"}}")
                        .post("/orders/" + id + "/lines");
            case OrderCommand.ChangeLineQuantity change ->
                request.body("{\"quantity\":" + change.quantity() + "}")
                        .put("/orders/" + id + "/lines/" + change.sku());
            case OrderCommand.RemoveLine remove -> request.delete("/orders/" + id + "/lines/" + remove.sku());
            default -> throw new IllegalArgumentException(command.toString());
        };
    }

    private static List<Attempt> race(String id, String ifMatch) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Attempt>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(RACERS)) {
            for (int i = 0; i < RACERS; i++) {
                OrderCommand command = commandFor(i);
                String correlationId = "race-" + id + "-" + i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return new Attempt(
                            correlationId,
                            command,
                            send(id, command, correlationId, ifMatch).statusCode());
                }));
            }
            start.countDown();
            List<Attempt> attempts = new ArrayList<>();
            for (Future<Attempt> future : futures) {
                attempts.add(future.get());
            }
            return attempts;
        }
    }

    @Test
    void fiftyRacingCommandsLeaveExactlyTheSerialResultOfTheOnesThatSucceeded() throws Exception {
        String id = createOrder();
        List<Attempt> attempts = race(id, null);
        assertThat(attempts).extracting(Attempt::status).allMatch(status -> status == 200 || status == 409);

        Map<String, Attempt> byCorrelation = new HashMap<>();
        attempts.forEach(attempt -> byCorrelation.put(attempt.correlationId(), attempt));
        List<Map<String, Object>> history = json().get("/orders/" + id + "/events")
                .then()
                .statusCode(200)
                .extract()
                .path("");
        List<String> appliedInOrder = history.stream()
                .skip(1)
                .map(entry -> (String) ((Map<?, ?>) entry.get("metadata")).get("correlationId"))
                .toList();

        List<String> succeeded = attempts.stream()
                .filter(a -> a.status() == 200)
                .map(Attempt::correlationId)
                .toList();
        assertThat(appliedInOrder).containsExactlyInAnyOrderElementsOf(succeeded);

        Order serial = OrderDecider.fold(
                OrderDecider.initial(),
                OrderDecider.decide(
                        new OrderCommand.CreateOrder(id, "c-1", "EUR"), OrderDecider.initial(), Instant.EPOCH));
        for (String correlationId : appliedInOrder) {
            serial = OrderDecider.fold(
                    serial, OrderDecider.decide(byCorrelation.get(correlationId).command(), serial, Instant.EPOCH));
        }
        Order.Draft expected = (Order.Draft) serial;
        List<Map<String, Object>> lines = json().get("/orders/" + id + "/state")
                .then()
                .statusCode(200)
                .header("ETag", "\"" + appliedInOrder.size() + "\"")
                .extract()
                .path("lines");
        assertThat(lines)
                .extracting(line -> line.get("sku") + "x" + line.get("quantity"))
                .containsExactlyElementsOf(expected.lines().stream()
                        .map(line -> line.sku() + "x" + line.quantity())
                        .toList());
    }

    @Test
    void withIfMatchExactlyOneOfFiftyRacersWinsAndTheRestAre412() throws Exception {
        String id = createOrder();
        List<Attempt> attempts = race(id, "\"0\"");
        List<Integer> statuses = attempts.stream().map(Attempt::status).toList();
        // Only the AddLine racers can succeed on an empty draft; at most one of all of them may.
        assertThat(statuses.stream().filter(status -> status == 200).count()).isEqualTo(1);
        assertThat(statuses).allMatch(status -> status == 200 || status == 412 || status == 409);
        json().get("/orders/" + id + "/events").then().statusCode(200).body("size()", org.hamcrest.Matchers.equalTo(2));
    }

    /** Runs every call at the same moment and answers their responses in call order. */
    private static List<Response> atOnce(List<java.util.concurrent.Callable<Response>> calls) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(calls.size())) {
            for (var call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> future : futures) {
                responses.add(future.get());
            }
            return responses;
        }
    }

    @Test
    void twentyIdenticalKeyedCreatesAtOnceGiveOneOrderAndTwentyCreated() throws Exception {
        String key = "create-" + java.util.UUID.randomUUID();
        List<java.util.concurrent.Callable<Response>> creates = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            creates.add(() -> json().header("Idempotency-Key", key)
                    .body("{\"customerId\":\"c-twenty\",\"currency\":\"EUR\"}")
                    .post("/orders"));
        }
        List<Response> responses = atOnce(creates);
        assertThat(responses).extracting(Response::statusCode).containsOnly(201);
        assertThat(responses)
                .extracting(response -> response.path("id").toString())
                .containsOnly(responses.getFirst().path("id").toString());
        assertThat(responses)
                .filteredOn(response -> "true".equals(response.header("Idempotent-Replayed")))
                .hasSize(19);
        OrderApi.events(responses.getFirst().path("id")).body("", org.hamcrest.Matchers.hasSize(1));
    }

    @Test
    void twoBodiesUnderOneKeyRacingGiveOneSuccessAndOneRefusalThatAgreeWithWhatIsStored() throws Exception {
        String id = createOrder();
        String key = "line-" + java.util.UUID.randomUUID();
        List<java.util.concurrent.Callable<Response>> adds = new ArrayList<>();
        for (String sku : List.of("sku0", "sku1")) {
            adds.add(() -> json().header("Idempotency-Key", key)
                    .body("{\"sku\":\"" + sku
                            + "\",\"quantity\":1,\"unitPrice\":{\"amountMinor\":100,\"currency\":\"EUR\"}}")
                    .post("/orders/" + id + "/lines"));
        }
        List<Response> responses = atOnce(adds);
        assertThat(responses).extracting(Response::statusCode).containsExactlyInAnyOrder(200, 422);
        Response accepted = responses.stream()
                .filter(response -> response.statusCode() == 200)
                .findFirst()
                .orElseThrow();
        Response stored = json().get("/orders/" + id + "/state")
                .then()
                .statusCode(200)
                .extract()
                .response();
        assertThat(stored.path("lines.sku").toString())
                .isEqualTo(accepted.path("lines.sku").toString());
        assertThat((List<?>) stored.path("lines")).hasSize(1);
        assertThat(stored.header("ETag")).isEqualTo(accepted.header("ETag"));
    }
}
