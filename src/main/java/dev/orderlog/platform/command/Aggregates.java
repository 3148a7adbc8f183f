package dev.orderlog.platform.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.platform.command.EventCodec.EventType;
import dev.orderlog.platform.kurrentdb.StreamCategory;
import dev.orderlog.platform.tracing.EventTracing;
import io.kurrent.dbclient.KurrentDBClient;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Gives each slice the command pipeline of its aggregate, with its snapshot store; the snapshots of all slices are
 * written on one executor, stopped once.
 */
@ApplicationScoped
public class Aggregates {

    /**
     * What a slice tells about its aggregate: its streams, its decider, its state's type and snapshot schema version
     * (bumped when the state's shape changes: older snapshots are then passed over and the events read), and its
     * event types.
     */
    public record AggregateType<C, S, E>(
            StreamCategory streams,
            Decider<C, S, E> decider,
            Class<S> stateType,
            int snapshotSchemaVersion,
            List<EventType<E>> eventTypes) {}

    private final ExecutorService snapshotWriter = Executors.newVirtualThreadPerTaskExecutor();
    private final KurrentDBClient client;
    private final ObjectMapper json;
    private final CommandSettings commands;
    private final SnapshotSettings snapshots;
    private final MeterRegistry metrics;
    private final EventTracing tracing;

    public Aggregates(
            KurrentDBClient client,
            ObjectMapper json,
            CommandSettings commands,
            SnapshotSettings snapshots,
            MeterRegistry metrics,
            EventTracing tracing) {
        this.client = client;
        this.json = json;
        this.commands = commands;
        this.snapshots = snapshots;
        this.metrics = metrics;
        this.tracing = tracing;
    }

    public <C, S, E> CommandPipeline<C, S, E> pipeline(AggregateType<C, S, E> type) {
        return new CommandPipeline<>(
                client,
                type.decider(),
                new EventCodec<>(json, type.eventTypes()),
                new SnapshotStore<>(
                        client,
                        json,
                        type.stateType(),
                        type.snapshotSchemaVersion(),
                        snapshots,
                        metrics,
                        snapshotWriter),
                commands,
                metrics,
                tracing,
                type.streams());
    }

    @PreDestroy
    void stop() {
        snapshotWriter.close();
    }
}
