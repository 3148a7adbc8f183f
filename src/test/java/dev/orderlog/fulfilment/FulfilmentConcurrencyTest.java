package dev.orderlog.fulfilment;

import static dev.orderlog.fulfilment.FulfilmentApi.customer;
import static dev.orderlog.fulfilment.FulfilmentApi.ledger;
import static dev.orderlog.fulfilment.FulfilmentApi.placeOrder;
import static dev.orderlog.fulfilment.FulfilmentApi.provider;
import static dev.orderlog.fulfilment.FulfilmentApi.receive;
import static dev.orderlog.fulfilment.FulfilmentApi.sku;
import static dev.orderlog.fulfilment.FulfilmentApi.stock;
import static dev.orderlog.fulfilment.FulfilmentApi.timeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderlog.fulfilment.process.FulfilmentProcess;
import dev.orderlog.fulfilment.process.FulfilmentRunner;
import dev.orderlog.fulfilment.readmodel.FulfilmentProjection;
import dev.orderlog.platform.command.CommandContext;
import dev.orderlog.platform.projection.ProjectionRunner;
import dev.orderlog.platform.projection.ProjectionSettings;
import dev.orderlog.platform.subscription.SubscriptionConsumer;
import dev.orderlog.stock.StockCommand;
import dev.orderlog.stock.Stocks;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Many orders on scarce stock, two replicas' consumers on the process's group, and steps whose outcome was lost. */
@QuarkusTest
@TestProfile(FulfilmentProfile.class)
class FulfilmentConcurrencyTest {
    private static final List<String> SETTLED = List.of("awaiting-shipment", "cancelled");

    @Inject
    FulfilmentRunner runner;

    @Inject
    Stocks stocks;

    @Inject
    FulfilmentProcess process;

    @Inject
    ProjectionRunner projections;

    @Inject
    FulfilmentProjection readModel;

    @Inject
    ProjectionSettings projectionSettings;

    @Inject
    javax.sql.DataSource dataSource;

    /** A second replica's consumer shares the group with this one's: inputs of one order reach both, each has one effect. */
    @Test
    void hundredConcurrentOrdersForTenUnitsReserveExactlyTenWithTwoConsumersOnTheGroup() throws Exception {
        String scarce = sku();
        receive(scarce, 10);
        SubscriptionConsumer secondReplica = runner.consumer();
        secondReplica.start();
        try {
            List<String> orders = placedAtOnce(100, 16, scarce);
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> orders.stream()
                            .allMatch(id -> SETTLED.contains(
                                    FulfilmentApi.fulfilment(id).getString("phase"))));
            List<String> shippable = orders.stream()
                    .filter(id -> "awaiting-shipment"
                            .equals(FulfilmentApi.fulfilment(id).getString("phase")))
                    .toList();
            assertThat(shippable).hasSize(10);
            assertThat(stock(scarce).getInt("reserved")).isEqualTo(10);
            assertThat(stock(scarce).getInt("available")).isZero();
            for (String id : orders) {
                List<String> steps = timeline(id);
                assertThat(steps).filteredOn("FulfilmentStarted"::equals).hasSize(1);
                assertThat(steps).filteredOn("StockReserved"::equals).hasSizeLessThanOrEqualTo(1);
                assertThat(ledger(id)).hasSize(shippable.contains(id) ? 1 : 0);
            }
            assertThat(secondReplica.state().applied())
                    .as("the second replica's consumer took a share of the inputs")
                    .isPositive();
        } finally {
            secondReplica.stop();
        }
    }

    /**
     * Two consumers of the fulfilment read model's group, each folding its batches in memory and writing each instance
     * once: every row ends at its stream's last revision and phase.
     */
    @Test
    void theReadModelFedByTwoConsumersHoldsEveryInstanceAtItsLastRevision() throws Exception {
        String plenty = sku();
        receive(plenty, 1_000);
        SubscriptionConsumer secondReplica = projections.consumerOf(readModel, projectionSettings);
        secondReplica.start();
        try {
            List<String> orders = placedAtOnce(40, 8, plenty);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> orders.stream()
                            .allMatch(id -> "awaiting-shipment"
                                    .equals(FulfilmentApi.fulfilment(id).getString("phase"))));
            // The instances go on after shipment was requested (the payment is confirmed on the order): wait until they
            // rest.
            Map<String, Long> streamRevisions = new java.util.HashMap<>();
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        orders.forEach(id -> streamRevisions.put(
                                id, FulfilmentApi.fulfilment(id).getLong("revision")));
                        return rows(orders).equals(expectedRows(streamRevisions));
                    });
            assertThat(rows(orders)).hasSize(40).isEqualTo(expectedRows(streamRevisions));
            assertThat(secondReplica.state().applied())
                    .as("the second consumer applied a share")
                    .isPositive();
        } finally {
            secondReplica.stop();
        }
    }

    /** {@code count} orders of one unit of {@code sku}, each for a customer of its own, placed by {@code clients} at once. */
    private static List<String> placedAtOnce(int count, int clients, String sku) throws Exception {
        List<String> orders = new ArrayList<>();
        try (ExecutorService customers = Executors.newFixedThreadPool(clients)) {
            List<Callable<String>> placing = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                placing.add(() -> placeOrder(customer(), Map.of(sku, 1)));
            }
            for (Future<String> placed : customers.invokeAll(placing)) {
                orders.add(placed.get());
            }
        }
        return orders;
    }

    private static Map<String, String> expectedRows(Map<String, Long> streamRevisions) {
        Map<String, String> expected = new java.util.TreeMap<>();
        streamRevisions.forEach((id, revision) -> expected.put(id, "awaiting-shipment@" + revision));
        return expected;
    }

    /** Each order's row in the read model as phase@last_revision. */
    private Map<String, String> rows(List<String> orderIds) throws java.sql.SQLException {
        Map<String, String> rows = new java.util.TreeMap<>();
        try (java.sql.Connection connection = dataSource.getConnection();
                java.sql.PreparedStatement query = connection.prepareStatement(
                        "SELECT order_id, phase, last_revision FROM fulfilment.fulfilment_instance WHERE order_id = ANY(?)")) {
            query.setArray(1, connection.createArrayOf("text", orderIds.toArray()));
            try (java.sql.ResultSet found = query.executeQuery()) {
                while (found.next()) {
                    rows.put(found.getString(1), found.getString(2) + "@" + found.getLong(3));
                }
            }
        }
        return rows;
    }

    /**
     * A crash between a step's effect and its record, and a provider that stays away past the client's retries: the
     * instance stalls, is driven on by the poller, and every effect happens once.
     */
    @Test
    void stepsWhoseOutcomeWasLostAreSentAgainAndHaveOneEffect() {
        String customer = customer();
        String bowl = sku();
        receive(bowl, 5);
        provider("customers", customer, "{\"charge\":\"FAIL_TRANSIENTLY\",\"failures\":4}");
        String orderId = placeOrder(customer, Map.of(bowl, 2));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "awaiting-shipment"
                        .equals(FulfilmentApi.fulfilment(orderId).getString("phase")));
        assertThat(ledger(orderId)).singleElement().satisfies(charge -> {
            assertThat(charge.get("status")).isEqualTo("approved");
            assertThat((Integer) charge.get("requests")).isEqualTo(1);
        });
        assertThat(stock(bowl).getInt("reserved")).isEqualTo(2);

        // The reservation of an order whose instance has moved on (here: past reserving) is sent again, as a replica
        // that
        // crashed after sending it and before recording it would on restart: nothing more is reserved.
        stocks.handle(
                bowl,
                new StockCommand.Reserve(bowl, orderId, 2),
                CommandContext.correlated("test")
                        .causedBy("test")
                        .actedBy(FulfilmentProcess.ACTOR)
                        .keyedBy("fulfilment:" + orderId + ":reserve:" + bowl, "reserve:" + bowl));
        process.drive(orderId);
        assertThat(stock(bowl).getInt("reserved")).isEqualTo(2);
        assertThat(timeline(orderId)).filteredOn("StockReserved"::equals).hasSize(1);
    }
}
