package dev.orderlog.stock;

import dev.orderlog.platform.command.Aggregates;
import dev.orderlog.platform.command.CommandContext;
import dev.orderlog.platform.command.CommandPipeline;
import dev.orderlog.platform.command.EventCodec.EventType;
import dev.orderlog.platform.command.ExpectedRevision;
import dev.orderlog.platform.kurrentdb.StreamCategory;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** The stock aggregate wired to KurrentDB: streams {@code stock-<sku>}, snapshots in {@code snapshot-stock-<sku>}. */
@ApplicationScoped
public class Stocks {
    public static final StreamCategory STREAMS = new StreamCategory("stock");
    /** 2: the sum reserved is stored, and settled orders carry when (version 1 snapshots are passed over and the events read). */
    public static final int SNAPSHOT_SCHEMA_VERSION = 2;

    public static final List<EventType<StockEvent>> EVENT_TYPES = EventType.allOf(StockEvent.class);

    private final CommandPipeline<StockCommand, Stock, StockEvent> pipeline;

    public Stocks(Aggregates aggregates) {
        this.pipeline = aggregates.pipeline(new Aggregates.AggregateType<>(
                STREAMS, StockDecider.DECIDER, Stock.class, SNAPSHOT_SCHEMA_VERSION, EVENT_TYPES));
    }

    public CommandPipeline.Outcome<Stock, StockEvent> handle(String sku, StockCommand command, CommandContext context) {
        return handle(sku, command, context, ExpectedRevision.ANY);
    }

    /** As above, at {@code expected} (an If-Match). */
    public CommandPipeline.Outcome<Stock, StockEvent> handle(
            String sku, StockCommand command, CommandContext context, ExpectedRevision expected) {
        return pipeline.handle(sku, command, context, expected);
    }

    public CommandPipeline.Loaded<Stock> current(String sku) {
        return pipeline.load(sku);
    }

    /** The SKU's stock just after its event at {@code revision}, read from the start of its stream. */
    public Optional<CommandPipeline.Loaded<Stock>> atRevision(String sku, long revision) {
        return pipeline.replayWhile(sku, event -> event.getRevision() <= revision)
                .filter(loaded -> loaded.revision() == revision);
    }
}
