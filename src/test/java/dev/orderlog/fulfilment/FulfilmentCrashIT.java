package dev.orderlog.fulfilment;

import static dev.orderlog.ServiceCalls.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.PackagedService;
import dev.orderlog.TestTokens;
import dev.orderlog.devservices.EmbeddedPostgresql;
import dev.orderlog.devservices.kurrentdb.EmbeddedKurrentDb;
import dev.orderlog.devservices.payment.SimulatedPaymentProvider;
import dev.orderlog.platform.web.Roles;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged service is killed (SIGKILL) while its fulfilment process waits for the payment provider's answer. After
 * a restart the instance completes by itself, and each side effect happened once: one charge, one reservation.
 */
class FulfilmentCrashIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aServiceKilledBetweenStepsCompletesTheInstanceAfterRestartWithEachEffectOnce() throws Exception {
        String secret = UUID.randomUUID().toString();
        try (EmbeddedKurrentDb kurrentdb = EmbeddedKurrentDb.start(EmbeddedKurrentDb.Options.defaults());
                SimulatedPaymentProvider provider = SimulatedPaymentProvider.start(secret)) {
            PackagedService service = new PackagedService(
                            kurrentdb.connectionString(),
                            EmbeddedPostgresql.start(),
                            provider.baseUri().toString(),
                            secret)
                    .start();
            try {
                String customer = "c-crash-" + UUID.randomUUID();
                String sku = "sku-crash-" + UUID.randomUUID().toString().substring(0, 8);
                // The answer comes after a while and no webhook tells it: the kill lands while the charge is in flight.
                send(
                        "PUT",
                        provider.baseUri().resolve("/simulator/customers/" + customer),
                        null,
                        "{\"charge\":\"SLOW\",\"delayMillis\":1500,\"webhooks\":\"NONE\"}");
                send(
                        "POST",
                        service.base().resolve("/stock/" + sku + "/receipts"),
                        TestTokens.token(Roles.WAREHOUSE, "w-crash"),
                        "{\"quantity\":5}");
                String token = TestTokens.token(Roles.CUSTOMER, customer);
                String orderId = send("POST", service.base().resolve("/orders"), token, "{\"currency\":\"EUR\"}")
                        .path("id")
                        .asText();
                send(
                        "POST",
                        service.base().resolve("/orders/" + orderId + "/lines"),
                        token,
                        "{\"sku\":\"" + sku
                                + "\",\"quantity\":2,\"unitPrice\":{\"amountMinor\":500,\"currency\":\"EUR\"}}");
                send(
                        "POST",
                        service.base().resolve("/orders/" + orderId + "/place"),
                        token,
                        "{\"shippingAddress\":{\"recipient\":\"A\",\"street\":\"S\",\"city\":\"C\",\"postalCode\":\"P\",\"country\":\"GB\"}}");
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> ledger(provider, orderId).size() == 1);

                service.process().destroyForcibly();
                assertThat(service.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
                service.start();

                await().atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> "awaiting-shipment".equals(phase(service, orderId)));
                JsonNode charges = ledger(provider, orderId);
                assertThat(charges).hasSize(1);
                assertThat(charges.get(0).path("status").asText()).isEqualTo("approved");
                assertThat(charges.get(0).path("requests").asInt())
                        .as("asked again under the same key after the restart")
                        .isGreaterThanOrEqualTo(2);
                JsonNode stock = send("GET", service.base().resolve("/stock/" + sku), token, null);
                assertThat(stock.path("reserved").asInt()).isEqualTo(2);
                List<String> timeline = JSON.convertValue(
                        fulfilment(service, orderId).path("timeline").findValuesAsText("type"), List.class);
                assertThat(timeline).filteredOn("PaymentApproved"::equals).hasSize(1);
                assertThat(timeline).filteredOn("StockReserved"::equals).hasSize(1);
                assertThat(send("GET", service.base().resolve("/orders/" + orderId + "/state"), token, null)
                                .path("status")
                                .asText())
                        .isEqualTo("paid");
            } finally {
                service.process().destroyForcibly();
            }
        }
    }

    private static String phase(PackagedService service, String orderId) throws Exception {
        return fulfilment(service, orderId).path("phase").asText();
    }

    private static JsonNode fulfilment(PackagedService service, String orderId) throws Exception {
        return send("GET", service.base().resolve("/orders/" + orderId + "/fulfilment"), TestTokens.adminToken(), null);
    }

    private static JsonNode ledger(SimulatedPaymentProvider provider, String orderId) throws Exception {
        return send("GET", provider.baseUri().resolve("/simulator/charges?orderId=" + orderId), null, null);
    }
}
