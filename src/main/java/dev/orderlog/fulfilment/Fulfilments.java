package dev.orderlog.fulfilment;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.platform.command.CommandContext;
import dev.orderlog.platform.command.CommandPipeline;
import dev.orderlog.platform.command.CommandSettings;
import dev.orderlog.platform.command.EventCodec;
import dev.orderlog.platform.command.EventCodec.EventType;
import dev.orderlog.platform.command.ExpectedRevision;
import dev.orderlog.platform.command.SnapshotSettings;
import dev.orderlog.platform.command.SnapshotStore;
import dev.orderlog.platform.kurrentdb.StreamCategory;
import io.kurrent.dbclient.KurrentDBClient;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Fulfilment instances wired to KurrentDB: one stream per order, {@code fulfilment-<orderId>}, its inbox and its log. */
@ApplicationScoped
public class Fulfilments {
    public static final StreamCategory STREAMS = new StreamCategory("fulfilment");
    /** 2: compensation names the payment to undo and the stock it holds; older snapshots are replayed instead. */
    public static final int SNAPSHOT_SCHEMA_VERSION = 2;

    @SuppressWarnings("unchecked")
    public static final List<EventType<FulfilmentEvent>> EVENT_TYPES = Arrays.stream(
                    FulfilmentEvent.class.getPermittedSubclasses())
            .map(type -> EventType.<FulfilmentEvent>of((Class<? extends FulfilmentEvent>) type))
            .toList();

    private final ExecutorService snapshotWriter = Executors.newVirtualThreadPerTaskExecutor();
    private final CommandPipeline<FulfilmentInput, Fulfilment, FulfilmentEvent> pipeline;

    public Fulfilments(
            KurrentDBClient client,
            ObjectMapper json,
            CommandSettings commands,
            SnapshotSettings snapshotSettings,
            MeterRegistry metrics,
            FulfilmentSettings settings) {
        SnapshotStore<Fulfilment> snapshots = new SnapshotStore<>(
                client, json, Fulfilment.class, SNAPSHOT_SCHEMA_VERSION, snapshotSettings, metrics, snapshotWriter);
        this.pipeline = new CommandPipeline<>(
                client,
                new FulfilmentDecider(settings.paymentTimeout(), settings.shipmentTimeout()),
                new EventCodec<>(json, EVENT_TYPES),
                snapshots,
                commands,
                metrics,
                STREAMS);
    }

    /** Records the input (with the expected revision; a conflict decides again on what is stored) and returns the state after it. */
    public CommandPipeline.Outcome<Fulfilment, FulfilmentEvent> record(
            String orderId, FulfilmentInput input, CommandContext context) {
        return pipeline.handle(orderId, input, context, ExpectedRevision.ANY);
    }

    public CommandPipeline.Loaded<Fulfilment> current(String orderId) {
        return pipeline.load(orderId);
    }

    public List<CommandPipeline.Recorded<FulfilmentEvent>> history(String orderId) {
        return pipeline.history(orderId);
    }

    @PreDestroy
    void stop() {
        snapshotWriter.close();
    }
}
