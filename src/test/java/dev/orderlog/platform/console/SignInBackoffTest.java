package dev.orderlog.platform.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderlog.platform.console.SignInSettings.Backoff;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The waits between sign-in attempts, for any count of failures and any time since the last. */
class SignInBackoffTest {
    /** Production's account policy: 3 free, 1 s doubling, locked after 10 for 15 minutes. */
    private static final Backoff ACCOUNT = new Policy(3, Duration.ofSeconds(1), 10, Duration.ofMinutes(15));

    private record Policy(int freeFailures, Duration firstDelay, int lockAfter, Duration lockFor) implements Backoff {}

    private static Duration waitAfter(int failures, long millisSinceLast) {
        return SignInThrottle.waitBeforeNext(ACCOUNT, failures, Duration.ofMillis(millisSinceLast));
    }

    @Test
    void theWaitsOfTheAccountPolicyAsTheReadmeStatesThem() {
        assertThat(waitAfter(2, 0)).isZero();
        assertThat(waitAfter(3, 0)).hasSeconds(1);
        assertThat(waitAfter(4, 0)).hasSeconds(2);
        assertThat(waitAfter(9, 0)).hasSeconds(64);
        assertThat(waitAfter(9, 60_000)).hasSeconds(4);
        assertThat(waitAfter(10, 0)).isEqualTo(Duration.ofMinutes(15));
        assertThat(waitAfter(10, 60_000)).isEqualTo(Duration.ofMinutes(14));
        assertThat(waitAfter(10, 900_000)).as("forgotten after the lock").isZero();
    }

    @Property(tries = 2000)
    void neverNegativeNorLongerThanTheLock(
            @ForAll @IntRange(min = 0, max = 100_000) int failures,
            @ForAll @LongRange(min = 0, max = 2_000_000) long since) {
        assertThat(waitAfter(failures, since)).isBetween(Duration.ZERO, ACCOUNT.lockFor());
    }

    @Property(tries = 2000)
    void oneMoreFailureNeverShortensTheWait(
            @ForAll @IntRange(min = 0, max = 100_000) int failures,
            @ForAll @LongRange(min = 0, max = 2_000_000) long since) {
        assertThat(waitAfter(failures + 1, since)).isGreaterThanOrEqualTo(waitAfter(failures, since));
    }

    @Property(tries = 2000)
    void timeOnlyShortensTheWaitAndEndsIt(
            @ForAll @IntRange(min = 0, max = 100_000) int failures,
            @ForAll @LongRange(min = 0, max = 2_000_000) long since,
            @ForAll @LongRange(min = 0, max = 1_000_000) long later) {
        Duration now = waitAfter(failures, since);
        Duration after = waitAfter(failures, since + later);
        assertThat(after).isLessThanOrEqualTo(now);
        assertThat(after)
                .isLessThanOrEqualTo(now.minusMillis(later).isNegative() ? Duration.ZERO : now.minusMillis(later));
    }
}
