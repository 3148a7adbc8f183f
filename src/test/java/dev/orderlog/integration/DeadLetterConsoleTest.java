package dev.orderlog.integration;

import static dev.orderlog.fulfilment.FulfilmentApi.addLinesAndPlace;
import static dev.orderlog.fulfilment.FulfilmentApi.awaitPhase;
import static dev.orderlog.fulfilment.FulfilmentApi.createOrder;
import static dev.orderlog.fulfilment.FulfilmentApi.customer;
import static dev.orderlog.fulfilment.FulfilmentApi.order;
import static dev.orderlog.fulfilment.FulfilmentApi.receive;
import static dev.orderlog.fulfilment.FulfilmentApi.sku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.console.ConsoleSignIns;
import dev.orderlog.devservices.DevConsoleUsers;
import dev.orderlog.platform.audit.OperatorLog;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A report that came too early (its order not placed yet) is dead-lettered; once the order awaits its shipment, an
 * operator sends it back from the console, and it ships the order. The re-drive is in the operator log, and the page
 * shows the letter as sent back.
 */
@QuarkusTest
@TestProfile(IntegrationProfile.class)
class DeadLetterConsoleTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    ObjectMapper json;

    @Inject
    OperatorLog operatorLog;

    @Test
    void anOperatorSendsAReportThatCameTooEarlyBackAndItShipsTheOrder() throws Exception {
        String customer = customer();
        String mug = sku();
        receive(mug, 3);
        String orderId = createOrder(customer);
        KafkaRecords.send(
                kafka,
                "warehouse.shipments.v1",
                orderId,
                json.writeValueAsString(Map.of(
                        "messageId", UUID.randomUUID().toString(), "orderId", orderId, "trackingNumber", "EARLY-1")));
        String session = ConsoleSignIns.session(DevConsoleUsers.OPERATOR);
        String where =
                await().atMost(Duration.ofSeconds(60)).until(() -> letterOf(session, orderId), found -> found != null);

        addLinesAndPlace(customer, orderId, Map.of(mug, 1));
        awaitPhase(orderId, "awaiting-shipment");

        ConsoleSignIns.ownForm(session)
                .formParams(Map.of("confirmed", "yes"))
                .post("/console/dead-letters/" + where + "/redrive")
                .then()
                .statusCode(400);
        ConsoleSignIns.ownForm(session)
                .formParams(Map.of("confirmed", "yes", "note", "the order is placed now"))
                .post("/console/dead-letters/" + where + "/redrive")
                .then()
                .statusCode(303);

        awaitPhase(orderId, "completed");
        assertThat(order(orderId).getString("trackingNumber")).isEqualTo("EARLY-1");
        assertThat(operatorLog.recent(20)).anySatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("dead-letter.redrive");
            assertThat(entry.target()).isEqualTo("warehouse.shipments.v1.dlq@" + where.replace('/', ':'));
        });
        assertThat(ConsoleSignIns.page(session, "/console/dead-letters"))
                .contains("data-dead-letter=\"" + where.replace('/', ':') + "\"")
                .contains("sent back");
    }

    /** The letter's partition/offset for the order, from the console's list, or null while it is not there yet. */
    private static String letterOf(String session, String orderId) {
        String page = ConsoleSignIns.page(session, "/console/dead-letters");
        Matcher row = Pattern.compile("data-dead-letter=\"(\\d+):(\\d+)\">\\s*<th[^>]*>[^<]*</th>\\s*"
                        + "<td><time[^>]*>[^<]*</time></td>\\s*<td>" + Pattern.quote(orderId) + "</td>")
                .matcher(page);
        return row.find() ? row.group(1) + "/" + row.group(2) : null;
    }
}
