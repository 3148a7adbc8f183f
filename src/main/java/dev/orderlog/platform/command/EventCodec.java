package dev.orderlog.platform.command;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderlog.platform.tracing.TraceParent;
import io.kurrent.dbclient.EventData;
import io.kurrent.dbclient.EventDataBuilder;
import io.kurrent.dbclient.RecordedEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Event type name and version to record and back: JSON data, JSON metadata, and upcasters that lift old versions
 * step by step to the current one when they are read. Stored events are never rewritten.
 */
public final class EventCodec<E> {

    /** {@code upcasters.get(v)} turns version v data into version v + 1 data. */
    public record EventType<E>(
            String name, Class<? extends E> type, int version, Map<Integer, UnaryOperator<ObjectNode>> upcasters) {
        public static <E> EventType<E> of(Class<? extends E> type) {
            return new EventType<>(type.getSimpleName(), type, 1, Map.of());
        }

        /**
         * Every event type of an aggregate, one per record its sealed interface permits: version 1 under its simple
         * name, unless {@code versioned} gives the type a later version and the upcasters to reach it.
         */
        @SafeVarargs
        @SuppressWarnings("unchecked")
        public static <E> List<EventType<E>> allOf(Class<E> sealedRoot, EventType<E>... versioned) {
            if (!sealedRoot.isSealed()) {
                throw new IllegalArgumentException(sealedRoot + " is not sealed: its event types cannot be listed");
            }
            Map<Class<?>, EventType<E>> overrides = new HashMap<>();
            for (EventType<E> type : versioned) {
                overrides.put(type.type(), type);
            }
            return Arrays.stream(sealedRoot.getPermittedSubclasses())
                    .map(type -> overrides.getOrDefault(type, EventType.of((Class<? extends E>) type)))
                    .toList();
        }
    }

    private final ObjectMapper json;
    private final Map<String, EventType<E>> byName = new HashMap<>();
    private final Map<Class<?>, EventType<E>> byClass = new HashMap<>();

    public EventCodec(ObjectMapper json, List<EventType<E>> types) {
        // Events written by newer code may carry fields this code does not know yet.
        this.json = json.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        for (EventType<E> type : types) {
            byName.put(type.name(), type);
            byClass.put(type.type(), type);
        }
    }

    public EventData encode(E event, UUID id, CommandContext context) {
        EventType<E> type = byClass.get(event.getClass());
        if (type == null) {
            throw new IllegalArgumentException("Unregistered event type " + event.getClass());
        }
        EventMetadata metadata = new EventMetadata(
                type.version(),
                context.correlationId(),
                context.causationId(),
                context.now(),
                context.actor(),
                context.idempotencyKey().orElse(null),
                context.guard()
                        .map(CommandContext.IdempotencyGuard::fingerprint)
                        .orElse(null));
        return EventDataBuilder.json(id, type.name(), write(event))
                .metadataAsBytes(TraceParent.current()
                        .map(parent -> write(withParent(metadata, parent)))
                        .orElseGet(() -> write(metadata)))
                .build();
    }

    private ObjectNode withParent(EventMetadata metadata, TraceParent parent) {
        ObjectNode tree = json.valueToTree(metadata);
        parent.writeInto(tree);
        return tree;
    }

    public E decode(RecordedEvent recorded) {
        EventType<E> type = byName.get(recorded.getEventType());
        if (type == null) {
            throw new IllegalStateException("Unknown event type " + recorded.getEventType() + " in "
                    + recorded.getStreamId() + " at revision " + recorded.getRevision());
        }
        try {
            int version = Math.max(1, metadataOf(recorded).eventVersion());
            if (version == type.version()) {
                // Current events, by far the most read, bind directly; only old versions go through a tree to be
                // upcast.
                return json.readValue(recorded.getEventData(), type.type());
            }
            ObjectNode data = (ObjectNode) json.readTree(recorded.getEventData());
            for (; version < type.version(); version++) {
                UnaryOperator<ObjectNode> upcaster = type.upcasters().get(version);
                if (upcaster == null) {
                    throw new IllegalStateException("No upcaster for " + type.name() + " v" + version);
                }
                data = upcaster.apply(data);
            }
            return json.treeToValue(data, type.type());
        } catch (IOException unreadable) {
            throw new UncheckedIOException(
                    "Unreadable " + type.name() + " in " + recorded.getStreamId() + " at revision "
                            + recorded.getRevision(),
                    unreadable);
        }
    }

    /** Metadata of events written before metadata existed reads as version 1 with no context. */
    public EventMetadata metadataOf(RecordedEvent recorded) {
        byte[] raw = recorded.getUserMetadata();
        if (raw == null || raw.length == 0) {
            return new EventMetadata(1, null, null, null, null, null, null);
        }
        try {
            return json.readValue(raw, EventMetadata.class);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(
                    "Unreadable metadata in " + recorded.getStreamId() + " at revision " + recorded.getRevision(),
                    unreadable);
        }
    }

    private byte[] write(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }
}
