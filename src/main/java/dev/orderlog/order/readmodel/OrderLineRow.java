package dev.orderlog.order.readmodel;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;

/** One line of an order in the read model. */
@Entity
@Table(name = "order_line")
public class OrderLineRow extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "order_id") String orderId, String sku) implements Serializable {}

    @EmbeddedId
    public Key key;

    public int quantity;

    @Column(name = "unit_price_minor")
    public long unitPriceMinor;
}
