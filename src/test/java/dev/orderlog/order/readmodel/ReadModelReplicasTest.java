package dev.orderlog.order.readmodel;

import static dev.orderlog.TestTokens.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderlog.order.OrderEvent;
import dev.orderlog.order.Orders;
import dev.orderlog.platform.command.CommandPipeline;
import dev.orderlog.platform.projection.ProjectionRunner;
import dev.orderlog.platform.projection.ProjectionSettings;
import dev.orderlog.platform.subscription.SubscriptionConsumer;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.KurrentDBPersistentSubscriptionsClient;
import io.kurrent.dbclient.PersistentSubscription;
import io.kurrent.dbclient.PersistentSubscriptionListener;
import io.kurrent.dbclient.ResolvedEvent;
import io.kurrent.dbclient.SubscribePersistentSubscriptionOptions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The order read model fed by several consumers of one group at once, as replicas would: writers drive orders of a few
 * customers through their whole life while consumers join, leave and are killed, and a rebuild swaps the tables in the
 * middle. At the end every summary, line and customer statistic equals the fold of the log, and nothing is parked.
 */
@QuarkusTest
class ReadModelReplicasTest {
    private static final int WRITERS = 4;
    /** A bound on the orders written, in case the steps below take far longer than they should. */
    private static final int AT_MOST = 2_000;

    private static final int AT_LEAST = 120;

    @Inject
    Orders orders;

    @Inject
    ProjectionRunner runner;

    @Inject
    OrderProjection projection;

    @Inject
    ProjectionSettings settings;

    @Inject
    KurrentDBClient client;

    private record Stats(int created, int placed, int paid, int cancelled, long paidMinor, long refundedMinor) {}

    @Test
    void threeConsumersJoiningLeavingAndKilledWithARebuildInTheMiddleEndEqualToTheFold() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> customers = List.of("rep-" + run + "-a", "rep-" + run + "-b", "rep-" + run + "-c");
        long parkedBefore = parked();
        List<String> ids = new CopyOnWriteArrayList<>();
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int seed = w;
            writers.add(Thread.ofPlatform().start(() -> {
                Random random = new Random(seed);
                for (int n; writing.get() && (n = next.getAndIncrement()) < AT_MOST; ) {
                    ids.add(driveOrder(customers.get(n % customers.size()), random));
                }
            }));
        }

        List<SubscriptionConsumer> replicas = new ArrayList<>(
                List.of(runner.consumerOf(projection, settings), runner.consumerOf(projection, settings)));
        replicas.forEach(SubscriptionConsumer::start);
        int kills = 0;
        await().atMost(Duration.ofSeconds(60)).until(() -> ids.size() >= AT_LEAST / 4);
        killAConsumerMidBatch();
        kills++;
        replicas.removeFirst().stop();
        given().post("/admin/projections/" + OrderProjection.NAME + "/rebuild")
                .then()
                .statusCode(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> ids.size() >= AT_LEAST / 2);
        SubscriptionConsumer joining = runner.consumerOf(projection, settings);
        joining.start();
        replicas.add(joining);
        await().atMost(Duration.ofSeconds(60)).until(() -> "done".equals(rebuildState()));
        killAConsumerMidBatch();
        kills++;
        await().atMost(Duration.ofSeconds(60)).until(() -> ids.size() >= AT_LEAST);
        writing.set(false);
        for (Thread writer : writers) {
            writer.join(Duration.ofSeconds(60));
        }

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> ReadModelAssertions.assertReadModelEqualsTheFold(orders, ids));
        Map<String, Stats> folded = foldedStats(ids);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String customer : customers) {
                Stats expected = folded.get(customer);
                given().get("/customers/" + customer + "/stats")
                        .then()
                        .statusCode(200)
                        .body("[0].ordersCreated", org.hamcrest.Matchers.equalTo(expected.created()))
                        .body("[0].ordersPlaced", org.hamcrest.Matchers.equalTo(expected.placed()))
                        .body("[0].ordersPaid", org.hamcrest.Matchers.equalTo(expected.paid()))
                        .body("[0].ordersCancelled", org.hamcrest.Matchers.equalTo(expected.cancelled()))
                        .body("[0].totalPaidMinor", org.hamcrest.Matchers.equalTo((int) expected.paidMinor()))
                        .body("[0].totalRefundedMinor", org.hamcrest.Matchers.equalTo((int) expected.refundedMinor()));
            }
        });
        assertThat(parked()).isEqualTo(parkedBefore);
        long events =
                ids.stream().mapToLong(id -> orders.current(id).revision() + 1).sum();
        System.out.printf(
                "Replicas: %d orders, %d events, 3 consumers at most, %d killed, 1 rebuild, 0 mismatches%n",
                ids.size(), events, kills);
        for (SubscriptionConsumer replica : replicas) {
            replica.stop();
        }
        assertThat(ids).hasSizeGreaterThanOrEqualTo(AT_LEAST);
    }

    /** An order through its life: lines, changes, placed, then paid, cancelled or left; retried while refused. */
    private static String driveOrder(String customer, Random random) {
        String id = given().contentType(ContentType.JSON)
                .body("{\"customerId\":\"" + customer + "\",\"currency\":\"EUR\"}")
                .post("/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        int lines = 1 + random.nextInt(3);
        long total = 0;
        for (int l = 0; l < lines; l++) {
            int quantity = 1 + random.nextInt(4);
            int price = 100 + random.nextInt(900);
            total += (long) quantity * price;
            given().contentType(ContentType.JSON)
                    .body("{\"sku\":\"s" + l + "\",\"quantity\":" + quantity + ",\"unitPrice\":{\"amountMinor\":"
                            + price + ",\"currency\":\"EUR\"}}")
                    .post("/orders/" + id + "/lines")
                    .then()
                    .statusCode(200);
        }
        if (random.nextInt(4) == 0) {
            return id;
        }
        given().contentType(ContentType.JSON)
                .body(
                        "{\"shippingAddress\":{\"recipient\":\"A\",\"street\":\"S\",\"city\":\"C\",\"postalCode\":\"1\",\"country\":\"GB\"}}")
                .post("/orders/" + id + "/place")
                .then()
                .statusCode(200);
        if (random.nextBoolean()) {
            given().contentType(ContentType.JSON)
                    .body("{\"amount\":{\"amountMinor\":" + total
                            + ",\"currency\":\"EUR\"},\"paymentReference\":\"p\"}")
                    .post("/orders/" + id + "/payment")
                    .then()
                    .statusCode(200);
        }
        if (random.nextInt(3) == 0) {
            given().contentType(ContentType.JSON)
                    .body("{\"reason\":\"changed\"}")
                    .post("/orders/" + id + "/cancel")
                    .then()
                    .statusCode(200);
        }
        return id;
    }

    /** A consumer joins, takes its share of streams (the writers are still writing) and dies without acknowledging any: the others get them back. */
    private void killAConsumerMidBatch() throws Exception {
        AtomicInteger taken = new AtomicInteger();
        PersistentSubscription doomed = KurrentDBPersistentSubscriptionsClient.from(client)
                .subscribeToAll(
                        OrderProjection.NAME,
                        SubscribePersistentSubscriptionOptions.get().bufferSize(50),
                        new PersistentSubscriptionListener() {
                            @Override
                            public void onEvent(
                                    PersistentSubscription subscription, int retryCount, ResolvedEvent event) {
                                taken.incrementAndGet();
                            }
                        })
                .get();
        await().atMost(Duration.ofSeconds(30)).until(() -> taken.get() >= 5);
        doomed.stop();
    }

    private Map<String, Stats> foldedStats(List<String> ids) {
        Map<String, Stats> stats = new HashMap<>();
        for (String id : ids) {
            List<CommandPipeline.Recorded<OrderEvent>> history = orders.history(id);
            String customer = ((OrderEvent.OrderCreated) history.getFirst().event()).customerId();
            int placed = 0;
            int paid = 0;
            int cancelled = 0;
            long paidMinor = 0;
            long refundedMinor = 0;
            for (CommandPipeline.Recorded<OrderEvent> recorded : history) {
                switch (recorded.event()) {
                    case OrderEvent.OrderPlaced p -> placed++;
                    case OrderEvent.PaymentConfirmed p -> {
                        paid++;
                        paidMinor += p.amountMinor();
                    }
                    case OrderEvent.OrderCancelled c -> {
                        cancelled++;
                        refundedMinor += c.refundMinor();
                    }
                    default -> {}
                }
            }
            Stats mine = new Stats(1, placed, paid, cancelled, paidMinor, refundedMinor);
            stats.merge(
                    customer,
                    mine,
                    (a, b) -> new Stats(
                            a.created() + b.created(),
                            a.placed() + b.placed(),
                            a.paid() + b.paid(),
                            a.cancelled() + b.cancelled(),
                            a.paidMinor() + b.paidMinor(),
                            a.refundedMinor() + b.refundedMinor()));
        }
        return stats;
    }

    private static String rebuildState() {
        return given().get("/admin/projections/" + OrderProjection.NAME + "/rebuild")
                .then()
                .extract()
                .path("state");
    }

    private static long parked() {
        List<Map<String, Object>> projections = given().get("/admin/projections")
                .then()
                .statusCode(200)
                .extract()
                .path("");
        return projections.stream()
                .filter(p -> OrderProjection.NAME.equals(p.get("name")))
                .mapToLong(p -> ((Number) p.get("parked")).longValue())
                .sum();
    }
}
