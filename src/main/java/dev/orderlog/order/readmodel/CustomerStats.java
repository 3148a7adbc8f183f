package dev.orderlog.order.readmodel;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A customer's order counts and amounts per currency, read here and written by {@link CustomerStatsChanges} as atomic
 * increments. It needs no revision of its own: it changes only together with an order summary whose revision check,
 * under the summary's row lock, admits each event exactly once.
 */
@Entity
@Table(name = "customer_stats")
public class CustomerStats extends PanacheEntityBase {

    @Embeddable
    public record Key(
            @Column(name = "customer_id") String customerId,
            @JdbcTypeCode(SqlTypes.CHAR) @Column(length = 3) String currency)
            implements Serializable {}

    @EmbeddedId
    public Key key;

    @Column(name = "orders_created")
    public int ordersCreated;

    @Column(name = "orders_placed")
    public int ordersPlaced;

    @Column(name = "orders_paid")
    public int ordersPaid;

    @Column(name = "orders_cancelled")
    public int ordersCancelled;

    @Column(name = "total_paid_minor")
    public long totalPaidMinor;

    @Column(name = "total_refunded_minor")
    public long totalRefundedMinor;
}
