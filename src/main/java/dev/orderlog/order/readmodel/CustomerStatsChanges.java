package dev.orderlog.order.readmodel;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import org.hibernate.Session;

/**
 * What one transaction adds to customers' statistics, written at its end as one upsert per customer and currency that
 * adds to the stored figures in the database. Replicas applying different orders of one customer at once therefore add
 * up rather than overwrite each other; rows are written in key order so two transactions never wait on each other in a
 * circle.
 */
final class CustomerStatsChanges {
    private static final String UPSERT = """
            INSERT INTO customer_stats (customer_id, currency, orders_created, orders_placed, orders_paid, orders_cancelled,
                                        total_paid_minor, total_refunded_minor)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (customer_id, currency) DO UPDATE SET
                orders_created = customer_stats.orders_created + EXCLUDED.orders_created,
                orders_placed = customer_stats.orders_placed + EXCLUDED.orders_placed,
                orders_paid = customer_stats.orders_paid + EXCLUDED.orders_paid,
                orders_cancelled = customer_stats.orders_cancelled + EXCLUDED.orders_cancelled,
                total_paid_minor = customer_stats.total_paid_minor + EXCLUDED.total_paid_minor,
                total_refunded_minor = customer_stats.total_refunded_minor + EXCLUDED.total_refunded_minor""";

    /** The increments for one customer and currency. */
    static final class Change {
        int ordersCreated;
        int ordersPlaced;
        int ordersPaid;
        int ordersCancelled;
        long totalPaidMinor;
        long totalRefundedMinor;
    }

    private final Map<String, Map<String, Change>> byCustomer = new TreeMap<>();

    Change of(String customerId, String currency) {
        return byCustomer
                .computeIfAbsent(customerId, customer -> new TreeMap<>())
                .computeIfAbsent(currency, c -> new Change());
    }

    /** Sends every change as one JDBC batch, inside the current transaction. */
    void write(Session session) {
        if (byCustomer.isEmpty()) {
            return;
        }
        session.doWork(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
                for (Map.Entry<String, Map<String, Change>> customer : byCustomer.entrySet()) {
                    for (Map.Entry<String, Change> inCurrency :
                            customer.getValue().entrySet()) {
                        add(upsert, customer.getKey(), inCurrency.getKey(), inCurrency.getValue());
                    }
                }
                upsert.executeBatch();
            }
        });
        byCustomer.clear();
    }

    private static void add(PreparedStatement upsert, String customerId, String currency, Change change)
            throws SQLException {
        upsert.setString(1, customerId);
        upsert.setString(2, currency);
        upsert.setInt(3, change.ordersCreated);
        upsert.setInt(4, change.ordersPlaced);
        upsert.setInt(5, change.ordersPaid);
        upsert.setInt(6, change.ordersCancelled);
        upsert.setLong(7, change.totalPaidMinor);
        upsert.setLong(8, change.totalRefundedMinor);
        upsert.addBatch();
    }
}
