package dev.orderlog.order;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where an order is in its life, as the API and the read model name it. */
public enum OrderStatus {
    NEW,
    DRAFT,
    PLACED,
    PAID,
    SHIPPED,
    DELIVERED,
    CANCELLED;

    public static OrderStatus of(Order order) {
        return switch (order) {
            case Order.None none -> NEW;
            case Order.Draft draft -> DRAFT;
            case Order.Placed placed -> PLACED;
            case Order.Paid paid -> PAID;
            case Order.Shipped shipped -> SHIPPED;
            case Order.Delivered delivered -> DELIVERED;
            case Order.Cancelled cancelled -> CANCELLED;
        };
    }

    /** The status named by {@code label}, e.g. {@code paid}; empty when there is none. */
    public static Optional<OrderStatus> parse(String label) {
        return Arrays.stream(values())
                .filter(status -> status.label().equals(label))
                .findFirst();
    }

    /** Every label, for messages that list what is allowed. */
    public static String labels() {
        return Arrays.stream(values()).map(OrderStatus::label).collect(Collectors.joining(", "));
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return label();
    }
}
