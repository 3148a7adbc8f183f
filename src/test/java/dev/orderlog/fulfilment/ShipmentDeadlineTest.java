package dev.orderlog.fulfilment;

import static dev.orderlog.fulfilment.FulfilmentApi.awaitPhase;
import static dev.orderlog.fulfilment.FulfilmentApi.customer;
import static dev.orderlog.fulfilment.FulfilmentApi.order;
import static dev.orderlog.fulfilment.FulfilmentApi.payments;
import static dev.orderlog.fulfilment.FulfilmentApi.placeOrder;
import static dev.orderlog.fulfilment.FulfilmentApi.receive;
import static dev.orderlog.fulfilment.FulfilmentApi.sku;
import static dev.orderlog.fulfilment.FulfilmentApi.timeline;
import static dev.orderlog.fulfilment.FulfilmentApi.warehouse;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The warehouse's deadline, short here: a shipment not confirmed in time gives the order up and refunds it. */
@QuarkusTest
@TestProfile(ShipmentDeadlineTest.ShortShipmentDeadline.class)
class ShipmentDeadlineTest {

    public static class ShortShipmentDeadline extends FulfilmentProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("orderlog.fulfilment.shipment-timeout", "PT3S");
            return overrides;
        }
    }

    @Test
    void aShipmentNotConfirmedInTimeIsGivenUpAndAShipmentOfACancelledOrderIsRefused() {
        String customer = customer();
        String vase = sku();
        receive(vase, 2);
        String orderId = placeOrder(customer, Map.of(vase, 1));
        awaitPhase(orderId, "awaiting-shipment");
        awaitPhase(orderId, "cancelled");
        assertThat(timeline(orderId)).contains("DeadlineMissed");
        assertThat(order(orderId).getString("cancellationReason")).contains("not shipped within");
        assertThat(payments(orderId)).containsExactlyInAnyOrder("charge:approved", "refund:refunded");
        warehouse()
                .body("{\"trackingNumber\":\"TRK-late\"}")
                .post("/orders/" + orderId + "/fulfilment/shipment")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
    }
}
