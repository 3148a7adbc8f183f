package dev.orderlog.integration;

import static dev.orderlog.fulfilment.FulfilmentApi.as;
import static dev.orderlog.fulfilment.FulfilmentApi.awaitPhase;
import static dev.orderlog.fulfilment.FulfilmentApi.customer;
import static dev.orderlog.fulfilment.FulfilmentApi.order;
import static dev.orderlog.fulfilment.FulfilmentApi.placeOrder;
import static dev.orderlog.fulfilment.FulfilmentApi.receive;
import static dev.orderlog.fulfilment.FulfilmentApi.sku;
import static dev.orderlog.fulfilment.FulfilmentApi.warehouse;
import static dev.orderlog.integration.KafkaRecords.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.integration.inbound.ShipmentReports;
import io.kurrent.dbclient.EventData;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.ReadStreamOptions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Integration events end to end: the log to Kafka, and the warehouse's topic back in, against the in-process broker. */
@QuarkusTest
@TestProfile(IntegrationProfile.class)
class IntegrationEventsTest {
    private static final String ORDERS = "orderlog.orders.v1";
    private static final String STOCK = "orderlog.stock.v1";
    private static final String SHIPMENTS = "warehouse.shipments.v1";
    private static final String DEAD_LETTERS = "warehouse.shipments.v1.dlq";
    /** As {@link IntegrationProfile} sets them, with their backoff short. */
    private static final int REPORT_RETRIES = 3;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    ObjectMapper json;

    @Inject
    KurrentDBClient client;

    @Inject
    dev.orderlog.integration.inbound.DeadLetters deadLetterCount;

    @Inject
    MeterRegistry metrics;

    @Test
    void anOrderIsPublishedInItsOrderUnderItsKeyWithItsHeaders() throws Exception {
        String mug = sku();
        receive(mug, 5);
        String orderId = placeOrder(customer(), Map.of(mug, 2));
        awaitPhase(orderId, "awaiting-shipment");

        reportShipment(UUID.randomUUID().toString(), orderId, "TRK-" + orderId, "DHL");
        awaitPhase(orderId, "completed");

        List<ConsumerRecord<String, String>> published =
                KafkaRecords.read(kafka, ORDERS, record -> orderId.equals(record.key()), seen -> seen.size() >= 3);
        assertThat(published)
                .extracting(record -> header(record, "event-type"))
                .containsExactly("order.placed", "order.paid", "order.shipped");
        assertThat(published)
                .extracting(record -> header(record, "event-id"))
                .doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(UUID.fromString(id)).isNotNull());
        assertThat(published).allSatisfy(record -> {
            assertThat(header(record, "correlation-id")).isNotBlank();
            assertThat(header(record, "causation-id")).isNotBlank();
            assertThat(header(record, "content-type")).isEqualTo("application/json");
        });
        assertThat(published)
                .extracting(record -> header(record, "event-version"))
                .containsExactly("1", "1", "2");

        for (ConsumerRecord<String, String> record : published) {
            assertThat(ContractSchemas.violations(schemaOf(record), json.readTree(record.value())))
                    .isEmpty();
        }

        JsonNode placed = json.readTree(published.get(0).value());
        assertThat(placed.get("orderId").asText()).isEqualTo(orderId);
        assertThat(placed.get("currency").asText()).isEqualTo("EUR");
        assertThat(placed.get("totalMinor").asLong()).isEqualTo(2000);
        assertThat(placed.get("lines").get(0).get("sku").asText()).isEqualTo(mug);
        assertThat(placed.has("contract")).as("only the contract's fields").isFalse();
        JsonNode shipped = json.readTree(published.get(2).value());
        assertThat(shipped.get("trackingNumber").asText()).isEqualTo("TRK-" + orderId);
        assertThat(shipped.get("carrier").asText()).isEqualTo("DHL");

        List<ConsumerRecord<String, String>> levels =
                KafkaRecords.read(kafka, STOCK, record -> mug.equals(record.key()), seen -> seen.size() >= 3);
        assertThat(levels)
                .extracting(
                        record -> json.readTree(record.value()).get("reason").asText())
                .containsExactly("received", "reserved", "committed");
        for (ConsumerRecord<String, String> record : levels) {
            assertThat(ContractSchemas.violations(schemaOf(record), json.readTree(record.value())))
                    .isEmpty();
        }
        JsonNode last = json.readTree(levels.get(2).value());
        assertThat(last.get("onHand").asLong()).isEqualTo(3);
        assertThat(last.get("reserved").asLong()).isZero();
        assertThat(last.get("available").asLong()).isEqualTo(3);
    }

    @Test
    void aCancellationIsPublishedWithItsReasonAndADeliveryWithItsTime() throws Exception {
        String customer = customer();
        String mug = sku();
        receive(mug, 5);
        String cancelled = placeOrder(customer, Map.of(mug, 1));
        awaitPhase(cancelled, "awaiting-shipment");
        as(customer)
                .body("{\"reason\":\"Found it cheaper\"}")
                .post("/orders/" + cancelled + "/cancel")
                .then()
                .statusCode(200);
        String delivered = orderAwaitingShipment();
        reportShipment(UUID.randomUUID().toString(), delivered, "TRK-" + delivered, null);
        awaitPhase(delivered, "completed");
        warehouse().post("/orders/" + delivered + "/deliver").then().statusCode(200);

        ConsumerRecord<String, String> cancellation = lastPublished(cancelled, "order.cancelled");
        JsonNode cancellationBody = json.readTree(cancellation.value());
        assertThat(cancellationBody.get("reason").asText()).isEqualTo("Found it cheaper");
        assertThat(cancellationBody.get("currency").asText()).isEqualTo("EUR");
        assertThat(cancellationBody.get("refundMinor").asLong()).isEqualTo(1000);
        ConsumerRecord<String, String> delivery = lastPublished(delivered, "order.delivered");
        assertThat(json.readTree(delivery.value()).get("deliveredAt").asText()).isNotBlank();
        for (ConsumerRecord<String, String> record : List.of(cancellation, delivery)) {
            assertThat(ContractSchemas.violations(schemaOf(record), json.readTree(record.value())))
                    .isEmpty();
        }
    }

    @Test
    void aReportThatKeepsFailingIsTriedWithBackoffThenDeadLetteredWhileTheOthersFlow() throws Exception {
        // A fulfilment this version cannot read (an event type from a newer one): not a rule refusal, so retried.
        String unreadable = UUID.randomUUID().toString();
        client.appendToStream(
                        "fulfilment-" + unreadable,
                        EventData.builderAsJson("FulfilmentFromANewerVersion", "{}".getBytes(StandardCharsets.UTF_8))
                                .build())
                .get();
        String flowing = orderAwaitingShipment();
        double retriesBefore = retries();

        reportShipment(UUID.randomUUID().toString(), unreadable, "TRK-" + unreadable, null);
        reportShipment(UUID.randomUUID().toString(), flowing, "TRK-" + flowing, null);
        awaitPhase(flowing, "completed");

        ConsumerRecord<String, String> dead = await().atMost(Duration.ofSeconds(60))
                .until(() -> deadLetters(unreadable), records -> records.size() == 1)
                .get(0);
        assertThat(header(dead, "dead-letter-reason")).contains("Unknown event type FulfilmentFromANewerVersion");
        assertThat(retries() - retriesBefore)
                .as("retries before it was dead-lettered")
                .isEqualTo(REPORT_RETRIES);
        assertThat(shippedAt(flowing))
                .as("the other report was handled while this one was still being retried")
                .isBefore(Instant.ofEpochMilli(dead.timestamp()));
    }

    @Test
    void readinessIncludesTheBrokerThroughTheWarehouseChannel() {
        String ready = io.restassured.RestAssured.given()
                .port(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                        .getValue("quarkus.management.test-port", Integer.class))
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(ready).contains("Reactive Messaging").contains("warehouse-shipments");
    }

    @Test
    void aRedeliveredShipmentReportChangesNothingTheSecondTime() throws Exception {
        String mug = sku();
        receive(mug, 5);
        String orderId = placeOrder(customer(), Map.of(mug, 1));
        awaitPhase(orderId, "awaiting-shipment");
        String messageId = UUID.randomUUID().toString();

        reportShipment(messageId, orderId, "TRK-" + orderId, null);
        awaitPhase(orderId, "completed");
        reportShipment(messageId, orderId, "TRK-" + orderId, null);
        // A later report for another order, behind the duplicate on the same partition key, shows it was handled.
        String later = placeOrder(customer(), Map.of(mug, 1));
        awaitPhase(later, "awaiting-shipment");
        reportShipment(UUID.randomUUID().toString(), later, "TRK-" + later, null);
        awaitPhase(later, "completed");

        assertThat(eventTypes("order-" + orderId))
                .filteredOn("OrderShipped"::equals)
                .hasSize(1);
        assertThat(order(orderId).getString("trackingNumber")).isEqualTo("TRK-" + orderId);
        assertThat(deadLetters(orderId)).isEmpty();
    }

    @Test
    void aPoisonReportGoesToTheDeadLetterTopicWithItsErrorWhileTheOthersFlow() throws Exception {
        String orderId = orderAwaitingShipment();
        String poison = "{\"messageId\":\"poison-" + orderId + "\",\"orderId\":\"" + orderId + "\"}";

        KafkaRecords.send(kafka, SHIPMENTS, orderId, poison);
        reportShipment(UUID.randomUUID().toString(), orderId, "TRK-" + orderId, null);
        awaitPhase(orderId, "completed");

        List<ConsumerRecord<String, String>> dead = deadLetters(orderId);
        assertThat(dead).singleElement().satisfies(record -> {
            assertThat(record.value()).isEqualTo(poison);
            assertThat(header(record, "dead-letter-reason")).contains("trackingNumber is required");
        });
        assertThat(deadLetterCount.count())
                .as("what the gauge counts includes it")
                .isPositive();
    }

    @Test
    void anOversizedReportIsDeadLetteredCutShortAndTheChannelGoesOn() throws Exception {
        String orderId = orderAwaitingShipment();
        String huge = "{\"messageId\":\"huge-" + orderId + "\",\"padding\":\"" + "x".repeat(200_000) + "\"}";

        KafkaRecords.send(kafka, SHIPMENTS, orderId, huge);
        reportShipment(UUID.randomUUID().toString(), orderId, "TRK-" + orderId, null);
        awaitPhase(orderId, "completed");

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(deadLetters(orderId))
                        .singleElement()
                        .satisfies(record -> {
                            assertThat(record.value()).hasSize(64 * 1024).isEqualTo(huge.substring(0, 64 * 1024));
                            assertThat(header(record, "dead-letter-reason")).contains("more than 65536");
                        }));
    }

    @Test
    void aReportUnderAKeyOfAMegabyteIsDeadLetteredCutShortAndTheChannelGoesOn() throws Exception {
        String orderId = orderAwaitingShipment();
        String hugeKey = orderId + "x".repeat(1_048_000);

        KafkaRecords.send(kafka, SHIPMENTS, hugeKey, "not json");
        reportShipment(UUID.randomUUID().toString(), orderId, "TRK-" + orderId, null);
        awaitPhase(orderId, "completed");

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(KafkaRecords.read(
                                kafka,
                                DEAD_LETTERS,
                                record -> record.key() != null && record.key().startsWith(orderId + "x"),
                                seen -> false,
                                Duration.ofSeconds(3)))
                        .singleElement()
                        .satisfies(record -> {
                            assertThat(record.key()).hasSize(1024);
                            assertThat(header(record, "dead-letter-reason")).contains("a key of");
                        }));
    }

    @Test
    void aReportWithControlCharactersOrWrongTypesIsDeadLetteredAndAddedFieldsAreRead() throws Exception {
        String orderId = orderAwaitingShipment();
        String nul = "{\"messageId\":\"nul-" + orderId + "\",\"orderId\":\"" + orderId
                + "\",\"trackingNumber\":\"TRK-\\u0000-x\"}";
        String number =
                "{\"messageId\":\"num-" + orderId + "\",\"orderId\":\"" + orderId + "\",\"trackingNumber\":12345}";

        warehouse()
                .body("{\"trackingNumber\":\"TRK-\\u0000-x\"}")
                .post("/orders/" + orderId + "/fulfilment/shipment")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        warehouse()
                .body("{\"trackingNumber\":\"TRK-\\u202e-x\"}")
                .post("/orders/" + orderId + "/ship")
                .then()
                .statusCode(400);
        KafkaRecords.send(kafka, SHIPMENTS, orderId, nul);
        KafkaRecords.send(kafka, SHIPMENTS, orderId, number);
        KafkaRecords.send(
                kafka,
                SHIPMENTS,
                orderId,
                "{\"messageId\":\"later-" + orderId + "\",\"orderId\":\"" + orderId + "\",\"trackingNumber\":\"TRK-"
                        + orderId + "\",\"addedInV2\":true}");
        awaitPhase(orderId, "completed");

        assertThat(order(orderId).getString("trackingNumber")).isEqualTo("TRK-" + orderId);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(deadLetters(orderId))
                        .extracting(record -> header(record, "dead-letter-reason"))
                        .hasSize(2)
                        .anySatisfy(reason -> assertThat(reason).contains("printable"))
                        .anySatisfy(reason -> assertThat(reason).contains("Not a shipment report")));
    }

    @Test
    void aReportTheOrdersRulesRefuseIsDeadLetteredNamingWhy() throws Exception {
        String orderId = orderAwaitingShipment();
        reportShipment(UUID.randomUUID().toString(), orderId, "TRK-" + orderId, null);
        awaitPhase(orderId, "completed");

        reportShipment(UUID.randomUUID().toString(), orderId, "OTHER-" + orderId, null);

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(deadLetters(orderId))
                        .singleElement()
                        .satisfies(record ->
                                assertThat(header(record, "dead-letter-reason")).contains("TRK-" + orderId)));
        assertThat(order(orderId).getString("trackingNumber")).isEqualTo("TRK-" + orderId);
    }

    /** The retries of every shipment report so far, as fault tolerance counts them. */
    private double retries() {
        return metrics
                .find("ft.retry.retries.total")
                .tag("method", ShipmentReports.class.getName() + ".handle")
                .counters()
                .stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private Instant shippedAt(String orderId) throws Exception {
        return client.readStream("order-" + orderId, ReadStreamOptions.get().fromStart()).get().getEvents().stream()
                .map(event -> event.getEvent())
                .filter(event -> "OrderShipped".equals(event.getEventType()))
                .map(event -> event.getCreated())
                .findFirst()
                .orElseThrow();
    }

    private ConsumerRecord<String, String> lastPublished(String orderId, String eventType) {
        List<ConsumerRecord<String, String>> published = KafkaRecords.read(
                kafka,
                ORDERS,
                record -> orderId.equals(record.key()) && eventType.equals(header(record, "event-type")),
                seen -> !seen.isEmpty());
        assertThat(published).as(eventType + " of " + orderId).isNotEmpty();
        return published.get(published.size() - 1);
    }

    /** An order of one unit, paid and awaiting its shipment. */
    private static String orderAwaitingShipment() {
        String mug = sku();
        receive(mug, 5);
        String orderId = placeOrder(customer(), Map.of(mug, 1));
        awaitPhase(orderId, "awaiting-shipment");
        return orderId;
    }

    private void reportShipment(String messageId, String orderId, String trackingNumber, String carrier)
            throws Exception {
        String body = json.writeValueAsString(Map.of(
                "messageId", messageId,
                "orderId", orderId,
                "trackingNumber", trackingNumber,
                "carrier", carrier == null ? "" : carrier));
        if (carrier == null) {
            body = json.writeValueAsString(
                    Map.of("messageId", messageId, "orderId", orderId, "trackingNumber", trackingNumber));
        }
        KafkaRecords.send(kafka, SHIPMENTS, orderId, body);
    }

    /** The schema a consumer looks up from the record's own headers. */
    private static String schemaOf(ConsumerRecord<String, String> record) {
        return "contracts/" + header(record, "event-type") + ".v" + header(record, "event-version") + ".schema.json";
    }

    private List<ConsumerRecord<String, String>> deadLetters(String orderId) {
        return KafkaRecords.read(
                kafka, DEAD_LETTERS, record -> orderId.equals(record.key()), seen -> false, Duration.ofSeconds(3));
    }

    private String metadataOf(String stream, String type) throws Exception {
        return client.readStream(stream, ReadStreamOptions.get().fromStart()).get().getEvents().stream()
                .map(event -> event.getEvent())
                .filter(event -> type.equals(event.getEventType()))
                .map(event -> new String(event.getUserMetadata(), java.nio.charset.StandardCharsets.UTF_8))
                .findFirst()
                .orElseThrow();
    }

    private List<String> eventTypes(String stream) throws Exception {
        return client.readStream(stream, ReadStreamOptions.get().fromStart()).get().getEvents().stream()
                .map(event -> event.getEvent().getEventType())
                .toList();
    }
}
