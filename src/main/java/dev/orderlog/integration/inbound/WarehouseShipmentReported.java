package dev.orderlog.integration.inbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.platform.web.Ids;

/**
 * A message of {@code warehouse.shipments.v1} (schema {@code contracts/warehouse.shipment-reported.v1.schema.json}):
 * the warehouse shipped an order. {@code messageId} is the warehouse's, the same on every redelivery: it is what
 * deduplicates. {@code carrier} is optional.
 */
public record WarehouseShipmentReported(String messageId, String orderId, String trackingNumber, String carrier) {

    /** A message that can never be handled, however often it is tried: it goes to the dead-letter topic at once. */
    public static final class Unreadable extends RuntimeException {
        Unreadable(String why) {
            super(why);
        }
    }

    static WarehouseShipmentReported parse(String payload, ObjectMapper json) {
        WarehouseShipmentReported message;
        try {
            message = json.readValue(payload, WarehouseShipmentReported.class);
        } catch (JsonProcessingException unreadable) {
            throw new Unreadable("Not a shipment report: " + unreadable.getOriginalMessage());
        }
        if (message == null) {
            throw new Unreadable("Not a shipment report: empty");
        }
        require(
                message.messageId() != null
                        && !message.messageId().isBlank()
                        && message.messageId().length() <= 200,
                "messageId is required, at most 200 characters");
        require(message.orderId() != null && message.orderId().matches(Ids.PATTERN), "orderId is not an order id");
        require(
                message.trackingNumber() != null
                        && !message.trackingNumber().isBlank()
                        && message.trackingNumber().length() <= 100,
                "trackingNumber is required, at most 100 characters");
        require(
                message.carrier() == null
                        || !message.carrier().isBlank() && message.carrier().length() <= 100,
                "carrier, when given, is 1 to 100 characters");
        return message;
    }

    private static void require(boolean holds, String why) {
        if (!holds) {
            throw new Unreadable(why);
        }
    }
}
