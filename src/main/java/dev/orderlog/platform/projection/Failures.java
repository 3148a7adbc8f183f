package dev.orderlog.platform.projection;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/** Tells a passing infrastructure failure (PostgreSQL away) from one an event causes every time. */
final class Failures {
    private Failures() {}

    static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientException
                    || cause instanceof SQLRecoverableException
                    || cause.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")) {
                return true;
            }
            if (cause instanceof SQLException sql) {
                String state = sql.getSQLState();
                // 08: connection exceptions; 57P: the server is shutting down or restarting; 40: a deadlock or
                // serialization failure, which the same work succeeds at when tried again. Agroal reports a pool
                // that cannot connect with no state at all.
                if ((state != null && (state.startsWith("08") || state.startsWith("57P") || state.startsWith("40")))
                        || (state == null && String.valueOf(sql.getMessage()).contains("Acquisition timeout"))) {
                    return true;
                }
            }
        }
        return false;
    }
}
