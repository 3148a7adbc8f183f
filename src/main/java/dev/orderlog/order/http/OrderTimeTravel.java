package dev.orderlog.order.http;

import dev.orderlog.order.Order;
import dev.orderlog.order.Orders;
import dev.orderlog.platform.command.CommandPipeline;
import jakarta.ws.rs.BadRequestException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** An order's state now, or as of a revision or an instant, by replay of its stream: for the API and the console alike. */
final class OrderTimeTravel {
    private OrderTimeTravel() {}

    static Optional<CommandPipeline.Loaded<Order>> stateOf(Orders orders, String id, Long revision, String at) {
        if (revision != null && at != null) {
            throw new BadRequestException("Give either revision or at, not both");
        }
        if (revision != null) {
            return orders.atRevision(id, revision);
        }
        if (at != null) {
            return orders.at(id, parseInstant(at));
        }
        return Optional.of(orders.current(id)).filter(current -> current.revision() >= 0);
    }

    private static Instant parseInstant(String at) {
        try {
            return Instant.parse(at);
        } catch (DateTimeParseException invalid) {
            throw new BadRequestException("'at' must be an ISO-8601 instant such as 2026-11-24T10:00:00Z");
        }
    }
}
