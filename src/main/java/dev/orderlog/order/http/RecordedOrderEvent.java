package dev.orderlog.order.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orderlog.order.OrderEvent;
import dev.orderlog.platform.command.CommandPipeline;
import dev.orderlog.platform.tracing.TraceParent;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * One entry of an order's audit trail: the event as read today, who and what caused it, when it was recorded, and the
 * trace it was written in (with tracing on), to look up in the tracing backend.
 */
public record RecordedOrderEvent(long revision, String type, OrderEvent event, Metadata metadata, Instant recordedAt) {

    /** What the trail shows of an event's metadata; the idempotency bookkeeping stays inside. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Metadata(
            int eventVersion,
            String correlationId,
            String causationId,
            String actor,
            Instant occurredAt,
            String traceId) {}

    /** The entry as {@code shownActor} lets its reader see who acted. */
    static RecordedOrderEvent of(CommandPipeline.Recorded<OrderEvent> recorded, UnaryOperator<String> shownActor) {
        var metadata = recorded.metadata();
        return new RecordedOrderEvent(
                recorded.revision(),
                recorded.type(),
                recorded.event(),
                new Metadata(
                        metadata.eventVersion(),
                        metadata.correlationId(),
                        metadata.causationId(),
                        shownActor.apply(metadata.actor()),
                        metadata.occurredAt(),
                        recorded.trace().map(TraceParent::traceId).orElse(null)),
                recorded.recordedAt());
    }
}
