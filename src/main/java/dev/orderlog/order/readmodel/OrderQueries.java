package dev.orderlog.order.readmodel;

import dev.orderlog.order.OrderStatus;
import dev.orderlog.order.Orders;
import dev.orderlog.platform.projection.CommittedRevisions;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads of the order read model, each in a short transaction of its own. */
@ApplicationScoped
public class OrderQueries {
    /** How often a read-your-writes wait looks at the read model itself, for events another replica applies. */
    private static final Duration LOOK_AGAIN = Duration.ofMillis(250);

    /** Which orders a page holds: every criterion optional; {@code after} is where the previous page ended. */
    public record Criteria(
            Optional<String> customerId,
            Optional<OrderStatus> status,
            Optional<Instant> from,
            Optional<Instant> to,
            Optional<Keyset> after,
            int limit) {

        /** The newest {@code limit} orders of any customer, in any status, created at any time; narrowed below. */
        public static Criteria newest(int limit) {
            return new Criteria(
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), limit);
        }

        public Criteria ofCustomer(Optional<String> customer) {
            return new Criteria(customer, status, from, to, after, limit);
        }

        public Criteria inStatus(Optional<OrderStatus> wanted) {
            return new Criteria(customerId, wanted, from, to, after, limit);
        }

        /** Created at or after {@code instant}. */
        public Criteria createdFrom(Optional<Instant> instant) {
            return new Criteria(customerId, status, instant, to, after, limit);
        }

        /** Created before {@code instant}. */
        public Criteria createdBefore(Optional<Instant> instant) {
            return new Criteria(customerId, status, from, instant, after, limit);
        }

        /** The page that starts after {@code position}, as the previous page's {@code next} gave it. */
        public Criteria after(Optional<Keyset> position) {
            return new Criteria(customerId, status, from, to, position, limit);
        }
    }

    /** A position in the newest-first order of orders. */
    public record Keyset(Instant createdAt, String orderId) {}

    /** Up to {@code limit} orders, and where the next page starts when there are more. */
    public record Page(List<OrderSummary> orders, Optional<Keyset> next) {}

    private final CommittedRevisions committed;

    public OrderQueries(CommittedRevisions committed) {
        this.committed = committed;
    }

    public Optional<OrderSummary> summary(String orderId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            OrderSummary found = OrderSummary.findById(orderId);
            if (found != null) {
                OrderSummary.getEntityManager().detach(found);
            }
            return Optional.ofNullable(found);
        });
    }

    /**
     * The order once the read model has reached {@code minRevision}, waiting at most {@code maxWait}: woken when this
     * instance commits the order's stream, and looking again now and then for what other replicas apply. What it
     * returns may still be behind when the wait ran out.
     */
    public Optional<OrderSummary> summaryAtLeast(String orderId, long minRevision, Duration maxWait)
            throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        Optional<OrderSummary> summary = summary(orderId);
        String stream = Orders.STREAMS.streamOf(orderId);
        while (summary.map(found -> found.lastRevision).orElse(-1L) < minRevision) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            committed.await(
                    OrderProjection.NAME, stream, minRevision, Duration.ofNanos(Math.min(left, LOOK_AGAIN.toNanos())));
            summary = summary(orderId);
        }
        return summary;
    }

    public List<OrderLineRow> lines(String orderId) {
        return QuarkusTransaction.requiringNew()
                .call(() -> OrderLineRow.list("key.orderId", Sort.ascending("key.sku"), orderId));
    }

    /** Orders newest first, filtered, a page at a time (keyset, not offsets). */
    public Page page(Criteria criteria) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        criteria.customerId().ifPresent(customer -> {
            query.append(" and customerId = :customer");
            parameters.and("customer", customer);
        });
        criteria.status().ifPresent(status -> {
            query.append(" and status = :status");
            parameters.and("status", status);
        });
        criteria.from().ifPresent(from -> {
            query.append(" and createdAt >= :from");
            parameters.and("from", from);
        });
        criteria.to().ifPresent(to -> {
            query.append(" and createdAt < :to");
            parameters.and("to", to);
        });
        criteria.after().ifPresent(after -> {
            query.append(" and (createdAt < :afterTime or (createdAt = :afterTime and orderId < :afterId))");
            parameters.and("afterTime", after.createdAt()).and("afterId", after.orderId());
        });
        List<OrderSummary> rows = QuarkusTransaction.requiringNew()
                .call(() -> OrderSummary.<OrderSummary>find(
                                query.toString(), Sort.descending("createdAt", "orderId"), parameters)
                        .page(0, criteria.limit() + 1)
                        .list());
        if (rows.size() <= criteria.limit()) {
            return new Page(rows, Optional.empty());
        }
        OrderSummary last = rows.get(criteria.limit() - 1);
        return new Page(rows.subList(0, criteria.limit()), Optional.of(new Keyset(last.createdAt, last.orderId)));
    }

    /** One entry per currency the customer ordered in; empty when the read model knows no order of theirs. */
    public List<CustomerStats> customerStats(String customerId) {
        return QuarkusTransaction.requiringNew()
                .call(() -> CustomerStats.list("key.customerId", Sort.ascending("key.currency"), customerId));
    }
}
