package dev.orderlog.order.readmodel;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.order.OrderEvent;
import dev.orderlog.order.OrderStatus;
import dev.orderlog.order.Orders;
import dev.orderlog.platform.command.EventCodec;
import dev.orderlog.platform.projection.Projection;
import dev.orderlog.platform.projection.ReadModelTables;
import dev.orderlog.platform.projection.TransactionScoped;
import io.kurrent.dbclient.RecordedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hibernate.Session;

/** Orders into order_summary, order_line and customer_stats, each event admitted once by the summary's revision under the order's lock. */
@ApplicationScoped
public class OrderProjection implements Projection {
    public static final String NAME = "order-read-model";
    /** Every Flyway migration of these tables, in order; OrderReadModelMigrationsTest checks none is missing. */
    public static final ReadModelTables TABLES = new ReadModelTables(
            "readmodel",
            "schema",
            List.of("db/migration/V1__order_read_models.sql", "db/migration/V2__order_line_foreign_key_deferred.sql"));
    /** What one transaction of this projection holds. */
    private static final class Held {
        /** The orders whose lock the transaction holds. */
        final Set<String> locked = new HashSet<>();
        /** Orders a prefetch found missing, so their first event need not look again. */
        final Set<String> absent = new HashSet<>();
        /** The statistics changes to write when the transaction's events are applied. */
        final CustomerStatsChanges stats = new CustomerStatsChanges();
    }

    private final EventCodec<OrderEvent> codec;
    private final TransactionScoped<Held> held;

    public OrderProjection(ObjectMapper json, TransactionSynchronizationRegistry transactions) {
        this.codec = new EventCodec<>(json, Orders.EVENT_TYPES);
        this.held = new TransactionScoped<>(transactions, Held::new);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String streamRegex() {
        return Orders.STREAMS.streamRegex();
    }

    @Override
    public ReadModelTables tables() {
        return TABLES;
    }

    /**
     * Locks the batch's orders, then loads their summaries in one query instead of one per event. Orders not found are
     * remembered for the transaction, so their first events do not ask again. Lines are left to the rare events that
     * change or remove one: loading them all would only give the flush more entities to check.
     */
    @Override
    public void prefetch(List<RecordedEvent> batch) {
        List<String> orderIds = batch.stream()
                .map(OrderProjection::orderIdOf)
                .distinct()
                .sorted()
                .toList();
        lock(orderIds);
        List<OrderSummary> summaries = OrderSummary.list("orderId in ?1", orderIds);
        Set<String> absent = held.get().absent;
        absent.addAll(orderIds);
        for (OrderSummary summary : summaries) {
            absent.remove(summary.orderId);
        }
    }

    @Override
    public Outcome apply(RecordedEvent recorded) {
        String orderId = orderIdOf(recorded);
        if (!held.get().locked.contains(orderId)) {
            lock(List.of(orderId));
        }
        OrderSummary summary = held.get().absent.contains(orderId) ? null : OrderSummary.findById(orderId);
        long last = summary == null ? -1 : summary.lastRevision;
        long revision = recorded.getRevision();
        Optional<Outcome> skipped = Projection.outOfSequence(last, revision);
        if (skipped.isPresent()) {
            return skipped.get();
        }
        OrderEvent event = codec.decode(recorded);
        if (event instanceof OrderEvent.OrderCreated created) {
            summary = new OrderSummary();
            summary.orderId = orderId;
            summary.customerId = created.customerId();
            summary.currency = created.currency();
            summary.status = OrderStatus.DRAFT;
            summary.createdAt = recorded.getCreated();
            summary.updatedAt = recorded.getCreated();
            summary.lastRevision = revision;
            summary.persist();
            held.get().absent.remove(orderId);
            statsOf(summary).ordersCreated++;
        } else {
            apply(event, summary);
        }
        summary.lastRevision = revision;
        summary.updatedAt = recorded.getCreated();
        return Outcome.APPLIED;
    }

    /**
     * Adds the transaction's statistics changes to the stored figures, after the summaries and lines are written, so
     * the statistics rows (shared by the consumers of a customer's orders) stay locked only for the commit.
     */
    @Override
    public void flush() {
        held.existing().ifPresent(transaction -> {
            EntityManager entities = OrderSummary.getEntityManager();
            entities.flush();
            transaction.stats.write(entities.unwrap(Session.class));
        });
    }

    /**
     * Takes, for the rest of the transaction, the lock of each order (in the order of the lock keys, so two consumers
     * never wait on each other in a circle). Whoever writes an order's rows holds it, so a consumer that holds the same event as another
     * (a redelivery after a rebalance) waits here and then finds it applied, and two never create the same order.
     */
    private void lock(List<String> orderIds) {
        OrderSummary.getEntityManager()
                .createNativeQuery("""
                        SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtext(?1), hashtext(id))
                                              FROM (SELECT id FROM unnest(string_to_array(?2, ',')) AS id
                                                    ORDER BY hashtext(id), id) AS ordered) AS locked""")
                .setParameter(1, NAME)
                .setParameter(2, String.join(",", orderIds))
                .getSingleResult();
        held.get().locked.addAll(orderIds);
    }

    private static String orderIdOf(RecordedEvent event) {
        return Orders.STREAMS.idOf(event.getStreamId());
    }

    /** Exact, as the decider's Money is: the decider bounds every total, so an overflow here means a corrupt event, not a wrap. */
    private static long lineTotal(long quantity, long unitPriceMinor) {
        return Math.multiplyExact(quantity, unitPriceMinor);
    }

    private void apply(OrderEvent event, OrderSummary summary) {
        switch (event) {
            case OrderEvent.OrderCreated created ->
                throw new IllegalStateException("Order " + summary.orderId + " created twice");
            case OrderEvent.LineAdded added -> {
                OrderLineRow line = new OrderLineRow();
                line.key = new OrderLineRow.Key(summary.orderId, added.sku());
                line.quantity = added.quantity();
                line.unitPriceMinor = added.unitPriceMinor();
                line.persist();
                summary.lineCount++;
                summary.totalMinor = Math.addExact(summary.totalMinor, lineTotal(line.quantity, line.unitPriceMinor));
            }
            case OrderEvent.LineQuantityChanged changed -> {
                OrderLineRow line = line(summary, changed.sku());
                summary.totalMinor = Math.addExact(
                        summary.totalMinor, lineTotal((long) changed.quantity() - line.quantity, line.unitPriceMinor));
                line.quantity = changed.quantity();
            }
            case OrderEvent.LineRemoved removed -> {
                OrderLineRow line = line(summary, removed.sku());
                summary.totalMinor =
                        Math.subtractExact(summary.totalMinor, lineTotal(line.quantity, line.unitPriceMinor));
                summary.lineCount--;
                line.delete();
            }
            case OrderEvent.OrderPlaced placed -> {
                summary.status = OrderStatus.PLACED;
                summary.totalMinor = placed.totalMinor();
                statsOf(summary).ordersPlaced++;
            }
            case OrderEvent.PaymentConfirmed paid -> {
                summary.status = OrderStatus.PAID;
                CustomerStatsChanges.Change stats = statsOf(summary);
                stats.ordersPaid++;
                stats.totalPaidMinor = Math.addExact(stats.totalPaidMinor, paid.amountMinor());
            }
            case OrderEvent.OrderShipped shipped -> summary.status = OrderStatus.SHIPPED;
            case OrderEvent.OrderDelivered delivered -> summary.status = OrderStatus.DELIVERED;
            case OrderEvent.OrderCancelled cancelled -> {
                summary.status = OrderStatus.CANCELLED;
                CustomerStatsChanges.Change stats = statsOf(summary);
                stats.ordersCancelled++;
                stats.totalRefundedMinor = Math.addExact(stats.totalRefundedMinor, cancelled.refundMinor());
            }
        }
    }

    private static OrderLineRow line(OrderSummary summary, String sku) {
        OrderLineRow line = OrderLineRow.findById(new OrderLineRow.Key(summary.orderId, sku));
        if (line == null) {
            throw new IllegalStateException("Order " + summary.orderId + " has no line " + sku + " in the read model");
        }
        return line;
    }

    private CustomerStatsChanges.Change statsOf(OrderSummary summary) {
        return held.get().stats.of(summary.customerId, summary.currency);
    }
}
