package dev.orderlog.stock;

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
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The stock aggregate wired to KurrentDB: streams {@code stock-<sku>}, snapshots in {@code snapshot-stock-<sku>}. */
@ApplicationScoped
public class Stocks {
    public static final StreamCategory STREAMS = new StreamCategory("stock");
    /** 2: the sum reserved is stored, and settled orders carry when (version 1 snapshots are passed over and the events read). */
    public static final int SNAPSHOT_SCHEMA_VERSION = 2;

    public static final List<EventType<StockEvent>> EVENT_TYPES = List.of(
            EventType.of(StockEvent.StockReceived.class),
            EventType.of(StockEvent.StockReserved.class),
            EventType.of(StockEvent.ReservationReleased.class),
            EventType.of(StockEvent.ReservationCommitted.class));

    private final ExecutorService snapshotWriter = Executors.newVirtualThreadPerTaskExecutor();
    private final CommandPipeline<StockCommand, Stock, StockEvent> pipeline;

    public Stocks(
            KurrentDBClient client,
            ObjectMapper json,
            CommandSettings commands,
            SnapshotSettings snapshotSettings,
            MeterRegistry metrics) {
        SnapshotStore<Stock> snapshots = new SnapshotStore<>(
                client, json, Stock.class, SNAPSHOT_SCHEMA_VERSION, snapshotSettings, metrics, snapshotWriter);
        this.pipeline = new CommandPipeline<>(
                client,
                StockDecider.DECIDER,
                new EventCodec<>(json, EVENT_TYPES),
                snapshots,
                commands,
                metrics,
                STREAMS);
    }

    public CommandPipeline.Outcome<Stock, StockEvent> handle(String sku, StockCommand command, CommandContext context) {
        return pipeline.handle(sku, command, context, ExpectedRevision.ANY);
    }

    public CommandPipeline.Loaded<Stock> current(String sku) {
        return pipeline.load(sku);
    }

    @PreDestroy
    void stop() {
        snapshotWriter.close();
    }
}
