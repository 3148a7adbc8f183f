package dev.orderlog.stock;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;

/** A SKU's stock: nothing known yet, or what is on hand and which orders hold how much of it. */
public sealed interface Stock {

    record Unknown() implements Stock {}

    /**
     * {@code reservations}: order id to the quantity it holds, until released or committed on shipment, and
     * {@code reserved}, their sum. {@code settled}: orders whose reservation was released or committed, with when, oldest
     * first, so a late retry of their reservation reserves nothing again; kept for {@link #SETTLED_KEPT}, so a hot SKU's
     * state stays small.
     */
    record Tracked(
            String sku, long onHand, long reserved, Map<String, Integer> reservations, Map<String, Instant> settled)
            implements Stock {
        /**
         * How long a settled order is remembered. A reservation comes late only from a driver that read its instance
         * before the settlement and was held up before sending; the command's turn on the stream (10 s) and its
         * KurrentDB calls bound that far below this.
         */
        public static final Duration SETTLED_KEPT = Duration.ofMinutes(10);

        /** The maps are only wrapped, not copied: the decider builds them afresh for each new state and never changes them after. */
        public Tracked {
            reservations = Collections.unmodifiableMap(reservations);
            settled = Collections.unmodifiableMap(settled);
        }

        public static Tracked empty(String sku) {
            return new Tracked(sku, 0, 0, Map.of(), Map.of());
        }

        public long available() {
            return onHand - reserved;
        }
    }
}
