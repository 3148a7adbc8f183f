package dev.orderlog.console;

import static dev.orderlog.TestTokens.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderlog.devservices.DevConsoleUsers;
import dev.orderlog.order.Orders;
import dev.orderlog.order.readmodel.OrderProjection;
import dev.orderlog.order.readmodel.PoisonedOrder;
import io.kurrent.dbclient.KurrentDBClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/**
 * Parked events in the console of a real headless Chromium: listed with their reasons, replayed from the page once
 * the cause is repaired, and the list empties by itself. It runs in a JVM (and an embedded KurrentDB) of its own (the
 * parked-events execution in pom.xml): the list it empties must hold nothing another test left, and the event it
 * leaves in the log would stop a later rebuild.
 */
@QuarkusTest
class ParkedEventsInBrowserTest {
    private static final Duration LIVE = Duration.ofSeconds(30);
    private static final String PAGE = "/console/projections/" + OrderProjection.NAME;
    private static ConsoleBrowser browser;

    @Inject
    KurrentDBClient client;

    @BeforeAll
    static void openBrowser() throws Exception {
        browser = ConsoleBrowser.open();
    }

    @AfterAll
    static void closeBrowser() throws Exception {
        browser.close();
    }

    @Test
    void parkedEventsShowWithTheirReasonAndAReplayFromThePageEmptiesTheList() throws Exception {
        String id = UUID.randomUUID().toString();
        String stream = Orders.STREAMS.streamOf(id);
        client.appendToStream(stream, PoisonedOrder.events(id)).get();

        browser.go("/console/sign-in");
        browser.signIn(DevConsoleUsers.OPERATOR, ConsoleSignIns.password(DevConsoleUsers.OPERATOR));
        browser.waitUpTo(LIVE).until(driver -> browser.path().equals("/console/projections"));
        browser.go(PAGE);
        browser.markPage();
        String parked = browser.waitUpTo(LIVE)
                .until(driver -> browser.all("#parked tbody tr").stream()
                        .map(WebElement::getText)
                        .filter(row -> row.contains(stream))
                        .findFirst()
                        .orElse(null));
        assertThat(parked).contains("LineQuantityChanged").contains("Reached retry count");
        browser.waitUpTo(LIVE).until(driver -> browser.text("#parked-count").equals("1"));
        assertThat(browser.stillTheMarkedPage())
                .as("the parked event appeared without a reload")
                .isTrue();
        browser.screenshot("projection-parked");

        PoisonedOrder.repairReadModel(id);
        browser.find("#replay").click();
        assertThat(browser.path()).isEqualTo(PAGE + "/replay");
        browser.screenshot("confirm-replay");
        browser.find("#confirm").click();

        browser.waitUpTo(LIVE).until(driver -> browser.path().equals(PAGE + "?done=replay"));
        browser.markPage();
        browser.waitUpTo(LIVE)
                .until(driver -> !browser.all("#no-parked").isEmpty()
                        && browser.text("#parked-count").equals("0"));
        assertThat(browser.stillTheMarkedPage()).as("the list emptied in place").isTrue();
        browser.screenshot("projection-replayed");
        given().get("/orders/" + id + "?minRevision=1")
                .then()
                .statusCode(200)
                .body("revision", org.hamcrest.Matchers.equalTo(1));

        browser.go("/console/projections");
        assertThat(browser.text("#operator-actions"))
                .contains(DevConsoleUsers.OPERATOR)
                .contains("replay parked events of " + OrderProjection.NAME);
    }
}
