package dev.orderlog.stock;

import java.util.Map;
import java.util.Set;

/** A SKU's stock: nothing known yet, or what is on hand and which orders hold how much of it. */
public sealed interface Stock {

    record Unknown() implements Stock {
    }

    /**
     * {@code reservations}: order id to the quantity it holds, until released or committed on shipment; {@code settled}:
     * orders whose reservation was released or committed, so a late retry of their reservation reserves nothing again.
     */
    record Tracked(String sku, long onHand, Map<String, Integer> reservations, Set<String> settled) implements Stock {
        public Tracked {
            reservations = Map.copyOf(reservations);
            settled = Set.copyOf(settled);
        }

        public long reserved() {
            return reservations.values().stream().mapToLong(Integer::longValue).sum();
        }

        public long available() {
            return onHand - reserved();
        }
    }
}
