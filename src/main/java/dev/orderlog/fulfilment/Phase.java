package dev.orderlog.fulfilment;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/**
 * Where a fulfilment instance stands, as the API, the read model and the console name it. Declared in the order
 * operators look at them: what needs a person first, what ended last; an instance not started yet is nobody's concern.
 */
public enum Phase {
    NEEDS_ATTENTION("needs-attention"),
    COMPENSATING("compensating"),
    AWAITING_PAYMENT("awaiting-payment"),
    RESERVING_STOCK("reserving-stock"),
    AWAITING_SHIPMENT("awaiting-shipment"),
    SHIPPING("shipping"),
    COMPLETED("completed"),
    CANCELLED("cancelled"),
    RESOLVED("resolved"),
    /** A placed order whose process has recorded nothing yet: only the API shows it. */
    STARTING("starting"),
    NOT_STARTED("not-started");

    private static final List<Phase> BY_URGENCY = Arrays.stream(values())
            .filter(phase -> phase != STARTING && phase != NOT_STARTED)
            .toList();

    private final String label;

    Phase(String label) {
        this.label = label;
    }

    /** The phases of started instances, most urgent first. */
    public static List<Phase> byUrgency() {
        return BY_URGENCY;
    }

    @JsonValue
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
