package dev.orderlog.order;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** How older versions of the order's events read as the current ones ({@link Orders#EVENT_TYPES} lists them). */
final class OrderUpcasters {
    private OrderUpcasters() {}

    /**
     * OrderPlaced v1 carried the address as one free-text line. Written as "recipient, street, city, postal code,
     * country" it splits into the v2 fields; any other text is kept whole as the street, so nothing is lost.
     */
    static ObjectNode structuredAddress(ObjectNode v1) {
        String text = v1.path("shippingAddress").asText("");
        String[] parts = text.split("\\s*,\\s*");
        ObjectNode address = JsonNodeFactory.instance.objectNode();
        if (parts.length == 5) {
            address.put("recipient", parts[0])
                    .put("street", parts[1])
                    .put("city", parts[2])
                    .put("postalCode", parts[3])
                    .put("country", parts[4]);
        } else {
            address.put("recipient", "")
                    .put("street", text)
                    .put("city", "")
                    .put("postalCode", "")
                    .put("country", "");
        }
        ObjectNode v2 = v1.deepCopy();
        v2.set("shippingAddress", address);
        return v2;
    }
}
