package dev.orderlog.integration;

import static dev.orderlog.fulfilment.FulfilmentApi.as;
import static dev.orderlog.fulfilment.FulfilmentApi.customer;
import static dev.orderlog.fulfilment.FulfilmentApi.placeOrder;
import static dev.orderlog.fulfilment.FulfilmentApi.sku;
import static dev.orderlog.fulfilment.FulfilmentApi.warehouse;

import dev.orderlog.TestTokens;
import dev.orderlog.devservices.RunningKafka;
import dev.orderlog.integration.publish.IntegrationPublisher;
import io.kurrent.dbclient.KurrentDBClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The publisher under faults, seen by a plain KafkaConsumer as an outside system sees it: every published order
 * event arrives, each order's in the order it was written, and a record seen twice is the same event (same id, same
 * content).
 */
@QuarkusTest
@TestProfile(PublisherProfile.class)
class PublisherFaultsTest {
    private static final String ORDERS = "orderlog.orders.v1";
    static final Set<String> PUBLISHED_TYPES =
            Set.of("OrderPlaced", "PaymentConfirmed", "OrderShipped", "OrderDelivered", "OrderCancelled");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    KurrentDBClient client;

    @Inject
    IntegrationPublisher publisher;

    @Test
    void theBrokerStoppedMidStreamAndStartedAgainLosesNothingAndKeepsEachOrdersOrder() throws Exception {
        String mug = sku();
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            if (i == 8) {
                RunningKafka.invoke("stopKafka");
            }
            if (i == 16) {
                // Away longer than the group's message timeout (PublisherProfile): the batch waits on in place.
                Thread.sleep(6_000);
                RunningKafka.invoke("startKafka");
            }
            orders.add(liveAnOrder(i, mug));
        }

        assertEveryEventPublishedOnceInOrder(orders);
    }

    static List<String> liveOrders(ExecutorService customers, int from, int to, String sku) throws Exception {
        List<Future<String>> placed = new ArrayList<>();
        for (int i = from; i < to; i++) {
            int index = i;
            placed.add(customers.submit(() -> liveAnOrder(index, sku)));
        }
        List<String> orders = new ArrayList<>();
        for (Future<String> order : placed) {
            orders.add(order.get());
        }
        return orders;
    }

    /** Placed, then cancelled; or paid and shipped; or paid, shipped and delivered: one to four published events. */
    static String liveAnOrder(int index, String sku) {
        String customer = customer();
        String orderId = placeOrder(customer, Map.of(sku, 1));
        switch (index % 3) {
            case 0 ->
                as(customer)
                        .body("{\"reason\":\"changed my mind\"}")
                        .post("/orders/" + orderId + "/cancel")
                        .then()
                        .statusCode(200);
            default -> {
                TestTokens.given()
                        .auth()
                        .oauth2(TestTokens.adminToken())
                        .contentType(ContentType.JSON)
                        .body("{\"amount\":{\"amountMinor\":1000,\"currency\":\"EUR\"},\"paymentReference\":\"p-"
                                + orderId + "\"}")
                        .post("/orders/" + orderId + "/payment")
                        .then()
                        .statusCode(200);
                warehouse()
                        .body("{\"trackingNumber\":\"TRK-" + orderId + "\"}")
                        .post("/orders/" + orderId + "/ship")
                        .then()
                        .statusCode(200);
                if (index % 3 == 2) {
                    warehouse().post("/orders/" + orderId + "/deliver").then().statusCode(200);
                }
            }
        }
        return orderId;
    }

    private void assertEveryEventPublishedOnceInOrder(List<String> orders) throws Exception {
        Map<String, List<String>> expected =
                PublishedInOrder.written(client, orders, orderId -> "order-" + orderId, PUBLISHED_TYPES::contains);
        System.out.printf(
                "published (%d orders): %s%n", orders.size(), PublishedInOrder.check(kafka, ORDERS, expected));
    }
}
