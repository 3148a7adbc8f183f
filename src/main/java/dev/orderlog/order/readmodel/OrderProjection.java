package dev.orderlog.order.readmodel;

import dev.orderlog.order.OrderStatus;
import dev.orderlog.platform.projection.Projection;
import dev.orderlog.platform.projection.ReadModelTables;
import dev.orderlog.platform.subscription.BatchHandler;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.platform.command.EventCodec;
import dev.orderlog.order.OrderEvent;
import dev.orderlog.order.OrderEventTypes;
import dev.orderlog.order.Orders;
import io.kurrent.dbclient.RecordedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Orders into order_summary, order_line and customer_stats, each event admitted once by the summary's revision. */
@ApplicationScoped
public class OrderProjection implements Projection {
    public static final String NAME = "order-read-model";
    /** Every Flyway migration of these tables, in order; OrderReadModelMigrationsTest checks none is missing. */
    public static final ReadModelTables TABLES = new ReadModelTables("readmodel", "schema", List.of(
            "db/migration/V1__order_read_models.sql",
            "db/migration/V2__order_line_foreign_key_deferred.sql"));
    /** Per-transaction resource: ids of orders a prefetch found missing, so their first event need not look again. */
    private static final Object ABSENT_ORDERS = new Object();
    private final EventCodec<OrderEvent> codec;
    private final TransactionSynchronizationRegistry transactions;

    public OrderProjection(ObjectMapper json, TransactionSynchronizationRegistry transactions) {
        this.codec = new EventCodec<>(json, OrderEventTypes.all());
        this.transactions = transactions;
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
     * One query each for the batch's summaries and customer statistics, instead of one per event. Orders not found are
     * remembered for the transaction, so their first events do not ask again. Lines are left to the rare events that
     * change or remove one: loading them all would only give the flush more entities to check.
     */
    @Override
    public void prefetch(List<RecordedEvent> batch) {
        List<String> orderIds = batch.stream().map(OrderProjection::orderIdOf).distinct().toList();
        List<OrderSummary> summaries = OrderSummary.list("orderId in ?1", orderIds);
        Set<String> absent = new HashSet<>(orderIds);
        Set<CustomerStats.Key> customers = new HashSet<>();
        for (OrderSummary summary : summaries) {
            absent.remove(summary.orderId);
            customers.add(new CustomerStats.Key(summary.customerId, summary.currency));
        }
        for (RecordedEvent event : batch) {
            if (event.getEventType().equals("OrderCreated") && codec.decode(event) instanceof OrderEvent.OrderCreated created) {
                customers.add(new CustomerStats.Key(created.customerId(), created.currency()));
            }
        }
        if (!customers.isEmpty()) {
            CustomerStats.list("key in ?1", List.copyOf(customers));
        }
        transactions.putResource(ABSENT_ORDERS, absent);
    }

    @Override
    public BatchHandler.Outcome apply(RecordedEvent recorded) {
        String orderId = orderIdOf(recorded);
        OrderSummary summary = knownAbsent(orderId) ? null : OrderSummary.findById(orderId);
        long last = summary == null ? -1 : summary.lastRevision;
        long revision = recorded.getRevision();
        if (revision <= last) {
            return BatchHandler.Outcome.DUPLICATE;
        }
        if (revision > last + 1) {
            return BatchHandler.Outcome.EARLY;
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
            forgetAbsent(orderId);
            stats(summary).ordersCreated++;
        } else {
            apply(event, summary);
        }
        summary.lastRevision = revision;
        summary.updatedAt = recorded.getCreated();
        return BatchHandler.Outcome.APPLIED;
    }

    private static String orderIdOf(RecordedEvent event) {
        return Orders.STREAMS.idOf(event.getStreamId());
    }

    @SuppressWarnings("unchecked")
    private boolean knownAbsent(String orderId) {
        Set<String> absent = (Set<String>) transactions.getResource(ABSENT_ORDERS);
        return absent != null && absent.contains(orderId);
    }

    @SuppressWarnings("unchecked")
    private void forgetAbsent(String orderId) {
        Set<String> absent = (Set<String>) transactions.getResource(ABSENT_ORDERS);
        if (absent != null) {
            absent.remove(orderId);
        }
    }

    private static void apply(OrderEvent event, OrderSummary summary) {
        switch (event) {
            case OrderEvent.OrderCreated created -> throw new IllegalStateException("Order " + summary.orderId + " created twice");
            case OrderEvent.LineAdded added -> {
                OrderLineRow line = new OrderLineRow();
                line.key = new OrderLineRow.Key(summary.orderId, added.sku());
                line.quantity = added.quantity();
                line.unitPriceMinor = added.unitPriceMinor();
                line.persist();
                summary.lineCount++;
                summary.totalMinor += line.quantity * line.unitPriceMinor;
            }
            case OrderEvent.LineQuantityChanged changed -> {
                OrderLineRow line = line(summary, changed.sku());
                summary.totalMinor += (changed.quantity() - line.quantity) * line.unitPriceMinor;
                line.quantity = changed.quantity();
            }
            case OrderEvent.LineRemoved removed -> {
                OrderLineRow line = line(summary, removed.sku());
                summary.totalMinor -= line.quantity * line.unitPriceMinor;
                summary.lineCount--;
                line.delete();
            }
            case OrderEvent.OrderPlaced placed -> {
                summary.status = OrderStatus.PLACED;
                summary.totalMinor = placed.totalMinor();
                stats(summary).ordersPlaced++;
            }
            case OrderEvent.PaymentConfirmed paid -> {
                summary.status = OrderStatus.PAID;
                CustomerStats stats = stats(summary);
                stats.ordersPaid++;
                stats.totalPaidMinor += paid.amountMinor();
            }
            case OrderEvent.OrderShipped shipped -> summary.status = OrderStatus.SHIPPED;
            case OrderEvent.OrderDelivered delivered -> summary.status = OrderStatus.DELIVERED;
            case OrderEvent.OrderCancelled cancelled -> {
                summary.status = OrderStatus.CANCELLED;
                CustomerStats stats = stats(summary);
                stats.ordersCancelled++;
                stats.totalRefundedMinor += cancelled.refundMinor();
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

    private static CustomerStats stats(OrderSummary summary) {
        CustomerStats.Key key = new CustomerStats.Key(summary.customerId, summary.currency);
        CustomerStats stats = CustomerStats.findById(key);
        if (stats == null) {
            stats = new CustomerStats();
            stats.key = key;
            stats.persist();
        }
        return stats;
    }
}
