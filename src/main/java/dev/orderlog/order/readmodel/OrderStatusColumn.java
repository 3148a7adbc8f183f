package dev.orderlog.order.readmodel;

import dev.orderlog.order.OrderStatus;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a status as its label ({@code paid}), as the column always held it. */
@Converter
public class OrderStatusColumn implements AttributeConverter<OrderStatus, String> {
    @Override
    public String convertToDatabaseColumn(OrderStatus status) {
        return status == null ? null : status.label();
    }

    @Override
    public OrderStatus convertToEntityAttribute(String label) {
        return label == null
                ? null
                : OrderStatus.parse(label)
                        .orElseThrow(() -> new IllegalStateException("Unknown order status " + label));
    }
}
