package dev.orderlog.devservices.kurrentdb.projections;

import java.util.Arrays;
import java.util.Optional;

/**
 * The server's standard projections, in the order it creates them (ProjectionManager.CreateSystemProjections), with
 * their ids and the streams each emits to.
 */
public enum StandardProjection {
    STREAMS(1, "$streams"),
    STREAM_BY_CATEGORY(2, "$stream_by_category"),
    BY_CATEGORY(3, "$by_category"),
    BY_EVENT_TYPE(4, "$by_event_type"),
    BY_CORRELATION_ID(5, "$by_correlation_id");

    private final int id;
    private final String projectionName;

    StandardProjection(int id, String projectionName) {
        this.id = id;
        this.projectionName = projectionName;
    }

    public int id() {
        return id;
    }

    public String projectionName() {
        return projectionName;
    }

    public static Optional<StandardProjection> named(String name) {
        return Arrays.stream(values())
                .filter(kind -> kind.projectionName.equals(name))
                .findFirst();
    }

    static Optional<StandardProjection> byId(String id) {
        return Arrays.stream(values())
                .filter(kind -> Integer.toString(kind.id).equals(id))
                .findFirst();
    }

    boolean emitsTo(String stream) {
        return switch (this) {
            case STREAMS -> stream.equals("$streams");
            case STREAM_BY_CATEGORY -> stream.startsWith("$category-");
            case BY_CATEGORY -> stream.startsWith("$ce-");
            case BY_EVENT_TYPE -> stream.startsWith("$et-");
            case BY_CORRELATION_ID -> stream.startsWith("$bc-");
        };
    }
}
