package dev.orderlog.platform.console;

import dev.orderlog.platform.console.SignInSettings.Backoff;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Failed console sign-ins, counted in PostgreSQL per account and per client address, so every replica slows a guesser
 * alike. Each attempt is counted as a failure before its password is checked, under a row lock: parallel guesses see
 * each other's counts, and only a success takes the count back to nothing.
 */
@ApplicationScoped
public class SignInThrottle {

    /** Who is signing in, and from where. */
    public record Attempt(String account, String address) {}

    /** Whether an attempt may have its password checked. */
    public sealed interface Verdict {
        record Admitted() implements Verdict {}

        /** Not checked: too many failures too recently. {@code locked} once past the lock threshold. */
        record Refused(Duration retryAfter, boolean locked) implements Verdict {}
    }

    enum Scope {
        ACCOUNT("account"),
        ADDRESS("address");

        final String column;

        Scope(String column) {
            this.column = column;
        }
    }

    private final DataSource database;
    private final SignInSettings settings;

    public SignInThrottle(DataSource database, SignInSettings settings) {
        this.database = database;
        this.settings = settings;
    }

    /** How long the next attempt must wait, after {@code failures} failures of which the last was {@code sinceLast} ago. */
    static Duration waitBeforeNext(Backoff policy, int failures, Duration sinceLast) {
        if (failures == 0 || sinceLast.compareTo(policy.lockFor()) >= 0) {
            return Duration.ZERO;
        }
        if (failures >= policy.lockAfter()) {
            return policy.lockFor().minus(sinceLast);
        }
        if (failures < policy.freeFailures()) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - policy.freeFailures(), 30);
        Duration delay = policy.firstDelay().multipliedBy(1L << doublings);
        Duration capped = delay.compareTo(policy.lockFor()) > 0 ? policy.lockFor() : delay;
        Duration remaining = capped.minus(sinceLast);
        return remaining.isNegative() ? Duration.ZERO : remaining;
    }

    /** Counts the attempt as a failure and admits it, or refuses it uncounted while its account or address must wait. */
    public Verdict admit(Attempt attempt) throws SQLException {
        Map<Scope, String> subjects = Map.of(Scope.ACCOUNT, attempt.account(), Scope.ADDRESS, attempt.address());
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO public.console_sign_in_failures (scope, subject, failures) VALUES (?, ?, 0), (?, ?, 0)
                        ON CONFLICT DO NOTHING""")) {
                    insert.setString(1, Scope.ACCOUNT.column);
                    insert.setString(2, attempt.account());
                    insert.setString(3, Scope.ADDRESS.column);
                    insert.setString(4, attempt.address());
                    insert.executeUpdate();
                }
                Duration longest = Duration.ZERO;
                boolean locked = false;
                Map<Scope, Boolean> forgotten = new EnumMap<>(Scope.class);
                // Locked in one order (account before address) by every replica, so two attempts never deadlock.
                try (PreparedStatement select = connection.prepareStatement("""
                        SELECT scope, failures, last_failure_at, now() AS now FROM public.console_sign_in_failures
                        WHERE (scope = ? AND subject = ?) OR (scope = ? AND subject = ?) ORDER BY scope FOR UPDATE""")) {
                    select.setString(1, Scope.ACCOUNT.column);
                    select.setString(2, attempt.account());
                    select.setString(3, Scope.ADDRESS.column);
                    select.setString(4, attempt.address());
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            Scope scope = Scope.valueOf(rows.getString("scope").toUpperCase(Locale.ROOT));
                            Backoff policy = policy(scope);
                            int failures = rows.getInt("failures");
                            Timestamp last = rows.getTimestamp("last_failure_at");
                            Duration sinceLast = last == null
                                    ? Duration.ZERO
                                    : Duration.between(
                                            last.toInstant(),
                                            rows.getTimestamp("now").toInstant());
                            Duration wait = waitBeforeNext(policy, failures, sinceLast);
                            if (wait.compareTo(longest) > 0) {
                                longest = wait;
                                locked = failures >= policy.lockAfter();
                            }
                            forgotten.put(scope, sinceLast.compareTo(policy.lockFor()) >= 0);
                        }
                    }
                }
                if (longest.isPositive()) {
                    connection.commit();
                    return new Verdict.Refused(longest, locked);
                }
                // An upsert, as the hourly clean-up may have removed a row that had no failures left.
                try (PreparedStatement count = connection.prepareStatement("""
                        INSERT INTO public.console_sign_in_failures AS counted (scope, subject, failures, last_failure_at) VALUES (?, ?, 1, now())
                        ON CONFLICT (scope, subject) DO UPDATE
                        SET failures = CASE WHEN ? THEN 1 ELSE counted.failures + 1 END, last_failure_at = now()""")) {
                    for (Map.Entry<Scope, String> subject : subjects.entrySet()) {
                        count.setString(1, subject.getKey().column);
                        count.setString(2, subject.getValue());
                        count.setBoolean(3, forgotten.getOrDefault(subject.getKey(), false));
                        count.addBatch();
                    }
                    count.executeBatch();
                }
                connection.commit();
                return new Verdict.Admitted();
            } catch (SQLException | RuntimeException failed) {
                connection.rollback();
                throw failed;
            }
        }
    }

    /** A failure confirmed: the waits run from now, not from when the attempt was admitted before its slow check. */
    public void failed(Attempt attempt) throws SQLException {
        update(
                attempt,
                "UPDATE public.console_sign_in_failures SET last_failure_at = now() WHERE (scope = ? AND subject = ?) OR (scope = ? AND subject = ?)");
    }

    /** A success: the account and the address start again from no failures. */
    public void succeeded(Attempt attempt) throws SQLException {
        update(
                attempt,
                "UPDATE public.console_sign_in_failures SET failures = 0, last_failure_at = NULL WHERE (scope = ? AND subject = ?) OR (scope = ? AND subject = ?)");
    }

    private void update(Attempt attempt, String sql) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, Scope.ACCOUNT.column);
            update.setString(2, attempt.account());
            update.setString(3, Scope.ADDRESS.column);
            update.setString(4, attempt.address());
            update.executeUpdate();
        }
    }

    /** Rows whose failures are forgotten take room for nothing: a guesser's made-up names, addresses long gone. */
    @Scheduled(every = "1h", delayed = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetOldFailures() throws SQLException {
        Duration longest =
                settings.account().lockFor().compareTo(settings.address().lockFor()) > 0
                        ? settings.account().lockFor()
                        : settings.address().lockFor();
        try (Connection connection = database.getConnection();
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM public.console_sign_in_failures WHERE last_failure_at IS NULL OR last_failure_at < ?")) {
            delete.setTimestamp(1, Timestamp.from(Instant.now().minus(longest)));
            delete.executeUpdate();
        }
    }

    private Backoff policy(Scope scope) {
        return scope == Scope.ACCOUNT ? settings.account() : settings.address();
    }
}
