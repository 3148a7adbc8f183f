package dev.orderlog.order.readmodel;

import dev.orderlog.order.OrderStatus;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One row per order, as of {@link #lastRevision} of its stream. */
@Entity
@Table(name = "order_summary")
public class OrderSummary extends PanacheEntityBase {
    @Id
    @Column(name = "order_id")
    public String orderId;

    @Column(name = "customer_id")
    public String customerId;

    @Convert(converter = OrderStatusColumn.class)
    public OrderStatus status;
    // char(3) in the schema (V1): mapped as such, so Hibernate's schema validation agrees with Flyway's table.
    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(length = 3)
    public String currency;

    @Column(name = "total_minor")
    public long totalMinor;

    @Column(name = "line_count")
    public int lineCount;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "last_revision")
    public long lastRevision;
}
