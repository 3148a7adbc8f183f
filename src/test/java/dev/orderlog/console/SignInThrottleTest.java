package dev.orderlog.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import dev.orderlog.devservices.DevConsoleUsers;
import dev.orderlog.platform.console.Operator;
import dev.orderlog.platform.console.OperatorAccounts;
import dev.orderlog.platform.web.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Console sign-in against a guesser: failures are counted per account and per address in PostgreSQL, past the free
 * ones each attempt waits longer (unchecked until then, with the wait on the page and in {@code Retry-After}), ten lock
 * the account, parallel guesses do not slip through together, a success starts again, and passwords are stored as
 * salted bcrypt. The test profile's first wait is 100 ms; production's is 1 s.
 */
@QuarkusTest
class SignInThrottleTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final Pattern RETRY_AFTER = Pattern.compile("/console/sign-in\\?retry-after=(\\d+)$");

    @Inject
    DataSource database;

    /** Every test ends with the address free again, so the other console tests (all from 127.0.0.1) sign in as usual. */
    @AfterEach
    void signInOnceFromThisAddress() {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> ConsoleSignIns.signIn(
                                        DevConsoleUsers.OPERATOR, ConsoleSignIns.password(DevConsoleUsers.OPERATOR))
                                .getCookie(ConsoleSignIns.SESSION_COOKIE)
                        != null);
    }

    @Test
    void pastThreeFreeFailuresEachAttemptWaitsLongerAndIsNotCheckedBeforeThen() throws Exception {
        String name = operator();
        for (int i = 0; i < 3; i++) {
            assertThat(outcome(ConsoleSignIns.signIn(name, "wrong-" + i))).isEqualTo(Outcome.WRONG);
        }
        // The fourth, at once: refused unchecked, even with the right password, saying how long to wait.
        Response refused = ConsoleSignIns.signIn(name, PASSWORD);
        assertThat(outcome(refused)).isEqualTo(Outcome.WAIT);
        assertThat(refused.getHeader("Retry-After")).isEqualTo(retryAfter(refused) + "");
        assertThat(refused.getCookie(ConsoleSignIns.SESSION_COOKIE)).isNull();

        assertThat(failures("account", name))
                .as("a refused attempt is not counted")
                .isEqualTo(3);
        Thread.sleep(150);
        assertThat(outcome(ConsoleSignIns.signIn(name, "wrong-3"))).isEqualTo(Outcome.WRONG);
        assertThat(failures("account", name)).isEqualTo(4);
        assertThat(outcome(ConsoleSignIns.signIn(name, PASSWORD))).isEqualTo(Outcome.WAIT);
        // The wait doubled to 0.2 s; after it the right password is checked and signs in.
        Thread.sleep(300);
        assertThat(outcome(ConsoleSignIns.signIn(name, PASSWORD))).isEqualTo(Outcome.SIGNED_IN);

        // A success starts again from nothing: three free failures once more.
        assertThat(failures("account", name)).isZero();
        for (int i = 0; i < 3; i++) {
            assertThat(outcome(ConsoleSignIns.signIn(name, "again-" + i))).isEqualTo(Outcome.WRONG);
        }
    }

    @Test
    void tenFailuresLockTheAccountForFifteenMinutesWithAClearMessageAndAMetric() throws Exception {
        String name = operator();
        double lockedBefore = metric("locked");
        int failed = 0;
        while (failed < 10) {
            Response attempt = ConsoleSignIns.signIn(name, "guess-" + failed);
            if (outcome(attempt) == Outcome.WAIT) {
                assertThat(retryAfter(attempt)).isLessThanOrEqualTo(7);
                Thread.sleep(100);
            } else {
                assertThat(outcome(attempt)).isEqualTo(Outcome.WRONG);
                failed++;
            }
        }
        Response locked = ConsoleSignIns.signIn(name, PASSWORD);
        assertThat(outcome(locked)).isEqualTo(Outcome.WAIT);
        assertThat(retryAfter(locked)).isBetween(890L, 900L);
        assertThat(metric("locked")).isGreaterThan(lockedBefore);
        given().get(locked.getHeader("Location"))
                .then()
                .statusCode(200)
                .body(containsString(
                        "Too many failed sign-ins with that name or from this address. Try again in 15 minutes."));
        // Another operator, from the same address, is not locked out by it.
        assertThat(outcome(
                        ConsoleSignIns.signIn(DevConsoleUsers.CLERK, ConsoleSignIns.password(DevConsoleUsers.CLERK))))
                .isEqualTo(Outcome.SIGNED_IN);
    }

    @Test
    void fortyGuessesAtOnceGetAFewCheckedAndTheRestRefused() throws Exception {
        String name = operator();
        List<Outcome> outcomes = new ArrayList<>();
        try (ExecutorService guessers = Executors.newFixedThreadPool(40)) {
            List<Future<Outcome>> guesses = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String guess = "parallel-" + i;
                Callable<Outcome> attempt = () -> outcome(ConsoleSignIns.signIn(name, guess));
                guesses.add(guessers.submit(attempt));
            }
            for (Future<Outcome> guess : guesses) {
                outcomes.add(guess.get());
            }
        }
        // Three free, then one more each time a doubled wait (0.1, 0.2, 0.4... s) has passed while the forty are
        // answered.
        long checked =
                outcomes.stream().filter(outcome -> outcome == Outcome.WRONG).count();
        assertThat(checked).isBetween(3L, 8L);
        assertThat(outcomes).filteredOn(outcome -> outcome == Outcome.WAIT).hasSize(40 - (int) checked);
        assertThat(failures("account", name))
                .as("each checked guess counted once, the refused not at all")
                .isEqualTo(checked);
    }

    @Test
    void oneAddressSprayingManyNamesIsSlowedToo() {
        Response last = null;
        for (int i = 0; i < 21; i++) {
            last = ConsoleSignIns.signIn(
                    "nobody-" + UUID.randomUUID().toString().substring(0, 8), "spray");
        }
        assertThat(outcome(last))
                .as("the 21st failure from one address, each on a name of its own")
                .isEqualTo(Outcome.WAIT);
    }

    @Test
    void passwordsAreStoredAsSaltedBcryptOfCostTwelve() throws Exception {
        String first = operator();
        String second = operator();
        String firstHash = hash(first);
        assertThat(firstHash).startsWith("$2a$12$").hasSize(60).doesNotContain(PASSWORD);
        assertThat(hash(second))
                .as("the same password, salted apart")
                .startsWith("$2a$12$")
                .isNotEqualTo(firstHash);
    }

    enum Outcome {
        SIGNED_IN,
        WRONG,
        WAIT
    }

    private String operator() throws Exception {
        String name = "guessed-" + UUID.randomUUID().toString().substring(0, 8);
        new OperatorAccounts(database).save(new Operator(name, Roles.ADMIN), PASSWORD.toCharArray());
        return name;
    }

    private static Outcome outcome(Response attempt) {
        assertThat(attempt.statusCode()).isEqualTo(302);
        String location = attempt.getHeader("Location");
        if (attempt.getCookie(ConsoleSignIns.SESSION_COOKIE) != null) {
            assertThat(location).endsWith("/console");
            return Outcome.SIGNED_IN;
        }
        if (location.endsWith("/console/sign-in?failed=true")) {
            return Outcome.WRONG;
        }
        assertThat(location).matches(".*" + RETRY_AFTER.pattern());
        return Outcome.WAIT;
    }

    private static long retryAfter(Response refused) {
        Matcher matcher = RETRY_AFTER.matcher(refused.getHeader("Location"));
        assertThat(matcher.find()).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private long failures(String scope, String subject) throws Exception {
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT failures FROM public.console_sign_in_failures WHERE scope = ? AND subject = ?")) {
            select.setString(1, scope);
            select.setString(2, subject);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    private String hash(String name) throws Exception {
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT password_hash FROM public.console_operators WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getString(1);
            }
        }
    }

    private static double metric(String outcome) {
        String body = given().port(ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class))
                .accept("text/plain")
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Matcher matcher = Pattern.compile("(?m)^orderlog_console_sign_ins_total\\{[^}]*outcome=\"" + outcome
                        + "\"[^}]*\\}\\s+([0-9.eE+-]+)$")
                .matcher(body);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
