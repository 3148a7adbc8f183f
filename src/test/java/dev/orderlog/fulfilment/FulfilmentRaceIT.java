package dev.orderlog.fulfilment;

import static dev.orderlog.ServiceCalls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderlog.PackagedService;
import dev.orderlog.ServiceCalls.Answer;
import dev.orderlog.TestTokens;
import dev.orderlog.devservices.EmbeddedPostgresql;
import dev.orderlog.devservices.kurrentdb.EmbeddedKurrentDb;
import dev.orderlog.devservices.payment.SimulatedPaymentProvider;
import dev.orderlog.platform.web.Roles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Two packaged replicas on one KurrentDB and one PostgreSQL, a provider that sends every webhook twice, and scarce
 * stock. For every paid order the customer cancels through one replica while the warehouse confirms the shipment
 * through the other, at the same moment: the order decides, exactly one of them wins, the instance follows the winner,
 * and the provider's ledger and the stock book show each effect once.
 */
class FulfilmentRaceIT {
    private static final int ORDERS = 24;
    private static final int UNITS = 18;
    private static final long PRICE = 700;

    @Test
    void cancellationsRacingShipmentsOnTwoReplicasHaveOneWinnerEachAndConserveStockAndMoney() throws Exception {
        String secret = UUID.randomUUID().toString();
        try (EmbeddedKurrentDb kurrentdb = EmbeddedKurrentDb.start(EmbeddedKurrentDb.Options.defaults());
                SimulatedPaymentProvider provider = SimulatedPaymentProvider.start(secret)) {
            Map<String, String> postgresql = EmbeddedPostgresql.start();
            PackagedService first = new PackagedService(
                            kurrentdb.connectionString(),
                            postgresql,
                            provider.baseUri().toString(),
                            secret)
                    .start();
            PackagedService second = new PackagedService(
                            kurrentdb.connectionString(),
                            postgresql,
                            provider.baseUri().toString(),
                            secret)
                    .start();
            try {
                String sku = "sku-race-" + UUID.randomUUID().toString().substring(0, 8);
                call(
                        "POST",
                        first.base().resolve("/stock/" + sku + "/receipts"),
                        TestTokens.token(Roles.WAREHOUSE, "w-race"),
                        "{\"quantity\":" + UNITS + "}");
                List<String> customers = new ArrayList<>();
                List<String> orders = new ArrayList<>();
                for (int i = 0; i < ORDERS; i++) {
                    String customer = "c-race-" + UUID.randomUUID();
                    call(
                            "PUT",
                            provider.baseUri().resolve("/simulator/customers/" + customer),
                            null,
                            "{\"webhooks\":\"DUPLICATE\"}");
                    customers.add(customer);
                    orders.add(placeOrder(i % 2 == 0 ? first : second, customer, sku));
                }
                await().atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(300))
                        .until(() -> orders.stream()
                                .allMatch(id -> List.of("awaiting-shipment", "cancelled")
                                        .contains(phase(first, id))));
                List<String> paid = orders.stream()
                        .filter(id -> "awaiting-shipment".equals(phase(first, id)))
                        .toList();
                assertThat(paid).as("as many orders as units got their stock").hasSize(UNITS);

                // The race: the customer through one replica, the warehouse through the other, released together.
                List<Answer[]> answers = new ArrayList<>();
                try (ExecutorService actors = Executors.newFixedThreadPool(8)) {
                    List<Future<Answer[]>> races = new ArrayList<>();
                    for (int i = 0; i < paid.size(); i++) {
                        String id = paid.get(i);
                        String customer = customers.get(orders.indexOf(id));
                        // Which side leaves first alternates, the other follows 0 to 300 ms later: across the window in
                        // which
                        // both are in flight (a shipment reads the instance before it ships, a cancellation only
                        // appends, and
                        // eight races run at once on two cores), so both outcomes occur.
                        boolean shipmentFirst = i % 2 == 0;
                        long lag = (i % 7) * 50L;
                        races.add(actors.submit(() -> race(first, second, id, customer, shipmentFirst, lag)));
                    }
                    for (Future<Answer[]> race : races) {
                        answers.add(race.get());
                    }
                }
                await().atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(300))
                        .until(() -> paid.stream()
                                .allMatch(
                                        id -> List.of("completed", "cancelled").contains(phase(second, id))));

                int shipped = 0;
                for (int i = 0; i < paid.size(); i++) {
                    String id = paid.get(i);
                    Answer cancel = answers.get(i)[0];
                    Answer ship = answers.get(i)[1];
                    assertThat(List.of(cancel.status(), ship.status()))
                            .as("order %s: one winner (cancel %s, ship %s)", id, cancel, ship)
                            .containsExactlyInAnyOrder(200, 409);
                    String status = call(
                                    "GET",
                                    first.base().resolve("/orders/" + id + "/state"),
                                    TestTokens.adminToken(),
                                    null)
                            .body()
                            .path("status")
                            .asText();
                    JsonNode charges = ledger(provider, id);
                    long approved = count(charges, "charge", "approved");
                    long refunded = count(charges, "refund", "refunded");
                    if (ship.status() == 200) {
                        shipped++;
                        assertThat(status).isEqualTo("shipped");
                        assertThat(phase(second, id)).isEqualTo("completed");
                        assertThat(approved - refunded)
                                .as("order %s charged once", id)
                                .isEqualTo(1);
                        // The warehouse retries after a lost answer: the same answer; another number names the first.
                        assertThat(confirm(second, id, "TRK-" + id).status()).isEqualTo(200);
                        assertThat(confirm(first, id, "TRK-other").status()).isEqualTo(409);
                    } else {
                        assertThat(status).isEqualTo("cancelled");
                        assertThat(phase(second, id)).isEqualTo("cancelled");
                        assertThat(approved - refunded)
                                .as("order %s refunded", id)
                                .isZero();
                        assertThat(confirm(second, id, "TRK-" + id).status()).isEqualTo(409);
                    }
                }
                assertThat(shipped)
                        .as(
                                "some shipments won the race: %s",
                                answers.stream().map(pair -> pair[1].toString()).toList())
                        .isPositive();
                assertThat(paid.size() - shipped)
                        .as("some cancellations won the race")
                        .isPositive();
                JsonNode book = call("GET", second.base().resolve("/stock/" + sku), TestTokens.adminToken(), null)
                        .body();
                assertThat(book.path("reserved").asLong())
                        .as("every reservation committed or released")
                        .isZero();
                assertThat(book.path("onHand").asLong())
                        .as("what shipped left the shelf, nothing else")
                        .isEqualTo(UNITS - shipped);
                assertThat(book.path("available").asLong()).isEqualTo(UNITS - shipped);
                System.out.printf(
                        "Fulfilment race: %d paid orders raced, %d shipped, %d cancelled; refusals: %s%n",
                        paid.size(),
                        shipped,
                        paid.size() - shipped,
                        answers.stream()
                                .flatMap(pair -> java.util.Arrays.stream(pair))
                                .filter(answer -> answer.status() == 409)
                                .map(answer -> answer.body().path("detail").asText())
                                .distinct()
                                .toList());
            } finally {
                first.process().destroyForcibly();
                second.process().destroyForcibly();
            }
        }
    }

    private static Answer[] race(
            PackagedService first,
            PackagedService second,
            String id,
            String customer,
            boolean shipmentFirst,
            long lagMillis)
            throws Exception {
        try (ExecutorService both = Executors.newFixedThreadPool(2)) {
            Callable<Answer> cancel = () -> {
                Thread.sleep(shipmentFirst ? lagMillis : 0);
                return call(
                        "POST",
                        first.base().resolve("/orders/" + id + "/cancel"),
                        TestTokens.token(Roles.CUSTOMER, customer),
                        "{\"reason\":\"changed my mind\"}");
            };
            Callable<Answer> ship = () -> {
                Thread.sleep(shipmentFirst ? 0 : lagMillis);
                return confirm(second, id, "TRK-" + id);
            };
            List<Future<Answer>> done = both.invokeAll(List.of(cancel, ship));
            return new Answer[] {done.get(0).get(), done.get(1).get()};
        }
    }

    private static Answer confirm(PackagedService service, String id, String trackingNumber) throws Exception {
        return call(
                "POST",
                service.base().resolve("/orders/" + id + "/fulfilment/shipment"),
                TestTokens.token(Roles.WAREHOUSE, "w-race"),
                "{\"trackingNumber\":\"" + trackingNumber + "\"}");
    }

    private static String placeOrder(PackagedService service, String customer, String sku) throws Exception {
        String token = TestTokens.token(Roles.CUSTOMER, customer);
        String id = call("POST", service.base().resolve("/orders"), token, "{\"currency\":\"EUR\"}")
                .body()
                .path("id")
                .asText();
        call(
                "POST",
                service.base().resolve("/orders/" + id + "/lines"),
                token,
                "{\"sku\":\"" + sku + "\",\"quantity\":1,\"unitPrice\":{\"amountMinor\":" + PRICE
                        + ",\"currency\":\"EUR\"}}");
        call(
                "POST",
                service.base().resolve("/orders/" + id + "/place"),
                token,
                "{\"shippingAddress\":{\"recipient\":\"A\",\"street\":\"S\",\"city\":\"C\",\"postalCode\":\"P\",\"country\":\"GB\"}}");
        return id;
    }

    private static long count(JsonNode ledger, String kind, String status) {
        long matching = 0;
        for (JsonNode entry : ledger) {
            if (kind.equals(entry.path("kind").asText())
                    && status.equals(entry.path("status").asText())) {
                matching++;
            }
        }
        return matching;
    }

    private static String phase(PackagedService service, String orderId) {
        try {
            return call(
                            "GET",
                            service.base().resolve("/orders/" + orderId + "/fulfilment"),
                            TestTokens.adminToken(),
                            null)
                    .body()
                    .path("phase")
                    .asText();
        } catch (Exception unreachable) {
            return "unknown";
        }
    }

    private static JsonNode ledger(SimulatedPaymentProvider provider, String orderId) throws Exception {
        return call("GET", provider.baseUri().resolve("/simulator/charges?orderId=" + orderId), null, null)
                .body();
    }
}
