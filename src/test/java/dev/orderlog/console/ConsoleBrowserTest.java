package dev.orderlog.console;

import static dev.orderlog.fulfilment.FulfilmentApi.as;
import static dev.orderlog.fulfilment.FulfilmentApi.awaitPhase;
import static dev.orderlog.fulfilment.FulfilmentApi.ledger;
import static dev.orderlog.fulfilment.FulfilmentApi.placeOrder;
import static dev.orderlog.fulfilment.FulfilmentApi.provider;
import static dev.orderlog.fulfilment.FulfilmentApi.receive;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderlog.devservices.DevConsoleUsers;
import dev.orderlog.fulfilment.FulfilmentApi;
import dev.orderlog.fulfilment.FulfilmentProfile;
import dev.orderlog.order.readmodel.OrderActivityProjection;
import dev.orderlog.order.readmodel.OrderProjection;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The console in a real headless Chromium: who gets in, lag moving live, a stuck fulfilment retried from the page, time
 * travel through an order's history, and every page at a phone's width with labelled controls. Screenshots of each
 * step go to target/console-screenshots/ (README's images are taken from there).
 */
@QuarkusTest
@TestProfile(FulfilmentProfile.class)
class ConsoleBrowserTest {
    private static final Duration LIVE = Duration.ofSeconds(20);
    private static final String ORDERS_ROW = "tr[data-projection='" + OrderProjection.NAME + "']";
    private static ConsoleBrowser browser;

    @Inject
    DataSource dataSource;

    /** A failed test leaves the page it failed on, as a screenshot and with its address and heading in the report. */
    @RegisterExtension
    final TestWatcher failures = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            browser.screenshot("failed-" + context.getRequiredTestMethod().getName());
            System.err.println("Console page at failure: " + browser.driver().getCurrentUrl() + " — "
                    + browser.driver().getTitle());
        }
    };

    @BeforeAll
    static void openBrowser() throws Exception {
        browser = ConsoleBrowser.open();
    }

    @AfterAll
    static void closeBrowser() throws Exception {
        browser.close();
    }

    @Test
    void aSignedOutBrowserIsSentToSignInAndOnlyAnOperatorGetsIn() {
        browser.go("/console/sign-in");
        browser.driver().manage().deleteAllCookies();
        browser.go("/console/fulfilment");
        assertThat(browser.path()).startsWith("/console/sign-in");
        browser.screenshot("sign-in");

        browser.signIn(DevConsoleUsers.CLERK, ConsoleSignIns.password(DevConsoleUsers.CLERK));
        browser.waitUpTo(LIVE).until(driver -> !browser.all("#error-title").isEmpty());
        assertThat(browser.text("#error-title")).isEqualTo("Your role does not allow this");
        assertThat(browser.text("#error-detail")).contains("The console is for operators");
        assertThat(browser.all("table")).as("nothing of the console shows").isEmpty();
        browser.screenshot("refused-clerk");
        browser.find("header button[type=submit]").click();
        browser.waitUpTo(LIVE).until(driver -> browser.path().startsWith("/console/sign-in?signed-out=true"));

        browser.signIn(DevConsoleUsers.OPERATOR, "not-the-password");
        browser.waitUpTo(LIVE).until(driver -> !browser.all("#sign-in-failed").isEmpty());

        browser.signIn(DevConsoleUsers.OPERATOR, ConsoleSignIns.password(DevConsoleUsers.OPERATOR));
        browser.waitUpTo(LIVE).until(driver -> !browser.path().startsWith("/console/sign-in"));
        assertThat(browser.text("#operator")).isEqualTo(DevConsoleUsers.OPERATOR);
        browser.go("/console/projections");
        assertThat(browser.all(ORDERS_ROW)).hasSize(1);
    }

    @Test
    void appendingEventsMovesTheLagFiguresLiveWithoutReloading() throws Exception {
        signInAsOperator();
        browser.go("/console/projections");
        String customer = FulfilmentApi.customer();
        // One event handled first: lag in seconds is the age of the last one handled while others wait.
        as(customer).body("{\"currency\":\"EUR\"}").post("/orders").then().statusCode(201);
        browser.waitUpTo(LIVE)
                .until(driver -> lagEvents() == 0
                        && !browser.text(ORDERS_ROW + " [data-field=applied]").equals("0"));
        browser.markPage();
        int appended = 5;
        try (Connection held = dataSource.getConnection();
                Statement lock = held.createStatement()) {
            // Holds the order read model's table, so its projection cannot apply what arrives while the figures are
            // watched.
            held.setAutoCommit(false);
            lock.execute("LOCK TABLE readmodel.order_summary IN ACCESS EXCLUSIVE MODE");
            for (int i = 0; i < appended; i++) {
                as(customer)
                        .body("{\"currency\":\"EUR\"}")
                        .post("/orders")
                        .then()
                        .statusCode(201);
            }
            browser.waitUpTo(LIVE).until(driver -> lagEvents() >= appended);
            browser.waitUpTo(LIVE).until(driver -> lagSeconds() > 0);
            browser.waitUpTo(LIVE).until(driver -> highestPoint("#projection-lag-chart", "order-read-model") > 0);
            browser.screenshot("projections-lagging");
            held.rollback();
        }
        browser.waitUpTo(LIVE).until(driver -> lagEvents() == 0);
        assertThat(browser.stillTheMarkedPage())
                .as("the figures changed in place, without a reload")
                .isTrue();
        browser.screenshot("projections");
    }

    @Test
    void aRebuildStartedFromThePageShowsItsProgressUntilDone() {
        String customer = FulfilmentApi.customer();
        as(customer).body("{\"currency\":\"EUR\"}").post("/orders").then().statusCode(201);
        signInAsOperator();
        String page = "/console/projections/" + OrderActivityProjection.NAME;
        browser.go(page);
        browser.find("#rebuild").click();
        assertThat(browser.text("h1")).isEqualTo("Rebuild " + OrderActivityProjection.NAME + "?");
        browser.find("#confirm").click();
        browser.waitUpTo(LIVE).until(driver -> browser.path().equals(page + "?done=rebuild"));
        browser.markPage();
        // It replays the whole log, which holds what every test before this one wrote.
        browser.waitUpTo(Duration.ofMinutes(3))
                .until(driver -> browser.text("#rebuild-progress").startsWith("done"));
        assertThat(browser.text("#rebuild-progress")).matches("done · [1-9]\\d* events applied");
        assertThat(browser.stillTheMarkedPage())
                .as("the progress showed in place")
                .isTrue();
        browser.screenshot("projection-rebuilt");
        browser.go("/console/projections");
        assertThat(browser.text("#operator-actions")).contains("rebuild " + OrderActivityProjection.NAME);
    }

    /**
     * How far up its chart a series reaches, from 0 (its baseline, or nothing drawn) to 1 (the chart's top), read from
     * the SVG's points.
     */
    private double highestPoint(String chart, String series) {
        WebElement svg = browser.find(chart);
        double baseline = svg.findElements(By.cssSelector("line.axis")).stream()
                .mapToDouble(axis -> Double.parseDouble(axis.getAttribute("y2")))
                .max()
                .orElseThrow();
        return svg.findElements(By.cssSelector("polyline[data-series='" + series + "']")).stream()
                .flatMap(line ->
                        java.util.Arrays.stream(line.getAttribute("points").split(" ")))
                .mapToDouble(point -> (baseline - Double.parseDouble(point.split(",")[1])) / baseline)
                .max()
                .orElse(0);
    }

    @Test
    void aStuckFulfilmentRetriedFromThePageCompletes() {
        String customer = FulfilmentApi.customer();
        String desk = FulfilmentApi.sku();
        receive(desk, 2);
        String orderId = placeOrder(customer, Map.of(desk, 1));
        awaitPhase(orderId, "awaiting-shipment");
        provider("orders", orderId, "{\"refund\":\"REFUSE\"}");
        as(customer)
                .body("{\"reason\":\"found it cheaper\"}")
                .post("/orders/" + orderId + "/cancel")
                .then()
                .statusCode(200);
        awaitPhase(orderId, "needs-attention");

        signInAsOperator();
        // The charts, below the stages: the instance needing attention shows in the phases under way.
        browser.waitUpTo(LIVE).until(driver -> {
            browser.go("/console/fulfilment");
            return highestPoint("#phases-chart", "needs-attention") > 0;
        });
        assertThat(browser.all("#charts svg.chart")).hasSize(3);
        assertThat(browser.all("#throughput-chart polyline[data-series='completed']"))
                .isNotEmpty();
        assertThat(browser.all("#provider-failures-chart polyline[data-series='failed calls']"))
                .isNotEmpty();
        browser.scrollTo("#charts");
        browser.screenshot("fulfilment-charts");
        browser.go("/console/fulfilment");
        WebElement firstStage = browser.find("main section");
        assertThat(firstStage.getAttribute("id"))
                .as("those needing attention come first")
                .isEqualTo("section-needs-attention");
        assertThat(firstStage.findElements(By.cssSelector("tr[data-order='" + orderId + "']")))
                .hasSize(1);
        browser.screenshot("fulfilment");

        firstStage.findElement(By.linkText(orderId)).click();
        assertThat(browser.text("#phase")).isEqualTo("needs-attention");
        assertThat(browser.text("#problem")).contains("refused the refund");
        browser.screenshot("fulfilment-instance");

        provider("orders", orderId, "{\"refund\":\"APPROVE\"}");
        browser.find("#retry").click();
        assertThat(browser.path()).isEqualTo("/console/fulfilment/" + orderId + "/retry");
        browser.find("#note").sendKeys("the provider fixed the card");
        browser.screenshot("confirm-retry");
        browser.find("#confirm").click();
        browser.waitUpTo(LIVE).until(driver -> browser.path().equals("/console/fulfilment/" + orderId));
        browser.waitUpTo(LIVE).until(driver -> {
            browser.go("/console/fulfilment/" + orderId);
            return browser.text("#phase").equals("cancelled");
        });
        List<String> timeline = browser.all("#timeline tbody tr").stream()
                .map(WebElement::getText)
                .toList();
        assertThat(timeline)
                .anySatisfy(entry -> assertThat(entry)
                        .contains("CompensationRetried")
                        .contains(DevConsoleUsers.OPERATOR)
                        .contains("the provider fixed the card"));
        assertThat(ledger(orderId))
                .filteredOn(entry -> "refund".equals(entry.get("kind")))
                .extracting(entry -> entry.get("status"))
                .containsExactlyInAnyOrder("refused", "refunded");
        browser.go("/console/projections");
        assertThat(browser.text("#operator-actions")).contains("retry the compensation of fulfilment-" + orderId);
    }

    @Test
    void theTimeTravelControlShowsTheStateAtAnEarlierRevision() {
        String customer = FulfilmentApi.customer();
        String lamp = FulfilmentApi.sku();
        String desk = FulfilmentApi.sku();
        receive(lamp, 1);
        receive(desk, 1);
        String correlation = "console-" + UUID.randomUUID();
        String orderId = as(customer)
                .header("X-Correlation-Id", correlation)
                .body("{\"currency\":\"EUR\"}")
                .post("/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        addLine(customer, orderId, lamp, 300);
        addLine(customer, orderId, desk, 700);
        as(customer).body("""
                {"shippingAddress":{"recipient":"Ada","street":"1 Main St","city":"London","postalCode":"N1 9GU","country":"GB"}}""").post("/orders/" + orderId + "/place").then().statusCode(200);
        awaitPhase(orderId, "awaiting-shipment");

        signInAsOperator();
        browser.go("/console/orders");
        assertThat(browser.all("a[href='/console/orders/" + orderId + "']"))
                .as("among the newest orders")
                .hasSize(1);
        browser.screenshot("orders");
        browser.go("/console/orders/" + orderId);
        assertThat(browser.text("#state-status")).isEqualTo("paid");
        List<WebElement> events = browser.all("#history tbody tr");
        assertThat(events).hasSizeGreaterThanOrEqualTo(5);
        assertThat(events.getFirst().getText())
                .contains("OrderCreated")
                .contains(correlation)
                .contains(customer);
        assertThat(events.getFirst().findElement(By.tagName("time")).getAttribute("datetime"))
                .matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
        browser.screenshot("order-history");

        WebElement revision = browser.find("#revision");
        revision.sendKeys("1", Keys.ENTER);
        browser.waitUpTo(LIVE).until(driver -> browser.text("#state-revision").equals("1"));
        assertThat(browser.text("#state-heading")).isEqualTo("State at revision 1");
        assertThat(browser.find("#revision").getAttribute("value"))
                .as("the form is ready for the next question")
                .isEmpty();
        assertThat(browser.text("#state-status")).isEqualTo("draft");
        assertThat(browser.text("#state-lines")).contains(lamp).doesNotContain(desk);
        assertThat(browser.text("#state-total")).isEqualTo("300 EUR");
        browser.screenshot("order-time-travel");

        String createdAt = browser.find("#history tbody tr[data-revision='0'] td:nth-child(4) time")
                .getAttribute("datetime");
        browser.find("#now").click();
        browser.find("#at").sendKeys(createdAt, Keys.ENTER);
        browser.waitUpTo(LIVE).until(driver -> browser.text("#state-revision").equals("0"));
        assertThat(browser.text("#state-lines")).contains("none");

        browser.go("/console/orders/" + orderId);
        browser.find("#history a[href='/console/streams/fulfilment-" + orderId + "']")
                .click();
        assertThat(browser.path()).isEqualTo("/console/streams/fulfilment-" + orderId);
        browser.screenshot("stream");
        assertThat(browser.all("tbody tr"))
                .extracting(WebElement::getText)
                .anySatisfy(row -> assertThat(row).contains("FulfilmentStarted"));
    }

    @Test
    void everyPageFitsAPhoneAndLabelsItsControls() {
        String customer = FulfilmentApi.customer();
        String orderId = as(customer)
                .body("{\"currency\":\"EUR\"}")
                .post("/orders")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        signInAsOperator();
        browser.resize(ConsoleBrowser.PHONE);
        try {
            for (String page : List.of(
                    "/console/projections",
                    "/console/projections/" + OrderProjection.NAME,
                    "/console/projections/" + OrderProjection.NAME + "/rebuild",
                    "/console/fulfilment",
                    "/console/orders",
                    "/console/orders/" + orderId,
                    "/console/streams/order-" + orderId)) {
                browser.go(page);
                assertThat(browser.widerThanTheWindow())
                        .as("what sticks out of %s at a phone's width", page)
                        .isEmpty();
                assertThat(browser.unlabelledControls())
                        .as("unlabelled controls on %s", page)
                        .isEmpty();
            }
            browser.go("/console/projections");
            browser.screenshot("projections-phone");
        } finally {
            browser.resize(ConsoleBrowser.LAPTOP);
        }
    }

    private static ValidatableResponse addLine(String customer, String orderId, String sku, int unitPriceMinor) {
        return as(customer)
                .body("{\"sku\":\"" + sku + "\",\"quantity\":1,\"unitPrice\":{\"amountMinor\":" + unitPriceMinor
                        + ",\"currency\":\"EUR\"}}")
                .post("/orders/" + orderId + "/lines")
                .then()
                .statusCode(200);
    }

    /** The order projection's lag in events as the page shows it; -1 while it shows "unknown" (KurrentDB slow to answer). */
    private static long lagEvents() {
        String shown = browser.text(ORDERS_ROW + " [data-field=lag-events]");
        return shown.matches("\\d+") ? Long.parseLong(shown) : -1;
    }

    private static double lagSeconds() {
        String shown = browser.text(ORDERS_ROW + " [data-field=lag-seconds]");
        return shown.matches("[\\d.]+") ? Double.parseDouble(shown) : -1;
    }

    private static void signInAsOperator() {
        browser.go("/console/projections");
        if (browser.path().startsWith("/console/sign-in")) {
            browser.signIn(DevConsoleUsers.OPERATOR, ConsoleSignIns.password(DevConsoleUsers.OPERATOR));
            browser.waitUpTo(LIVE).until(driver -> browser.path().equals("/console/projections"));
        }
    }
}
