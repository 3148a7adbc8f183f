package dev.orderlog.integration.inbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.orderlog.platform.web.Ids;
import dev.orderlog.platform.web.PrintableText;

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

    /**
     * The report in {@code payload}, read as its schema says: strings are strings (a number is refused, not
     * converted), and fields it does not know are ignored, so a warehouse on a later version of the schema is read.
     */
    /** How reports are read: strict about types, tolerant of fields added by later versions. */
    static ObjectReader reader(ObjectMapper json) {
        ObjectMapper strict = json.copy();
        strict.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return strict.readerFor(WarehouseShipmentReported.class)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    static WarehouseShipmentReported parse(String payload, ObjectReader reports) {
        if (payload == null) {
            throw new Unreadable("Not a shipment report: no value (a tombstone)");
        }
        WarehouseShipmentReported message;
        try {
            message = reports.readValue(payload);
        } catch (JsonProcessingException unreadable) {
            throw new Unreadable("Not a shipment report: " + unreadable.getOriginalMessage());
        }
        if (message == null) {
            throw new Unreadable("Not a shipment report: empty");
        }
        require(
                message.messageId() != null
                        && !message.messageId().isBlank()
                        && message.messageId().length() <= 200
                        && PrintableText.isOneLine(message.messageId()),
                "messageId is required: printable text, at most 200 characters");
        require(message.orderId() != null && message.orderId().matches(Ids.PATTERN), "orderId is not an order id");
        require(
                message.trackingNumber() != null
                        && !message.trackingNumber().isBlank()
                        && message.trackingNumber().length() <= 100
                        && PrintableText.isOneLine(message.trackingNumber()),
                "trackingNumber is required: printable text, at most 100 characters");
        require(
                message.carrier() == null
                        || !message.carrier().isBlank()
                                && message.carrier().length() <= 100
                                && PrintableText.isOneLine(message.carrier()),
                "carrier, when given, is 1 to 100 characters of printable text");
        return message;
    }

    private static void require(boolean holds, String why) {
        if (!holds) {
            throw new Unreadable(why);
        }
    }
}
