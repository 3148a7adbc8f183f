package dev.orderlog.platform.console;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** How failed console sign-ins slow the next ones ({@code orderlog.console.sign-in.*}). */
@ConfigMapping(prefix = "orderlog.console.sign-in")
public interface SignInSettings {

    /** Failures of one account, from anywhere: a guesser of one operator's password. */
    Backoff account();

    /** Failures from one client address, on any account: a guesser spraying one password over many names. */
    Backoff address();

    interface Backoff {
        /** Failures that cost nothing: a mistyped password or two. */
        int freeFailures();

        /** The wait after the first failure past the free ones; each further failure doubles it. */
        Duration firstDelay();

        /** Failures after which the account or address is locked... */
        int lockAfter();

        /** ...for this long after the last failure; failures this old are forgotten. */
        Duration lockFor();
    }
}
