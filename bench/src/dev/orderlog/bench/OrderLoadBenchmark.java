package dev.orderlog.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.devservices.kurrentdb.EmbeddedKurrentDb;
import dev.orderlog.order.Money;
import dev.orderlog.order.Order;
import dev.orderlog.order.OrderCommand;
import dev.orderlog.order.OrderDecider;
import dev.orderlog.order.OrderEvent;
import dev.orderlog.order.Orders;
import dev.orderlog.platform.command.CommandContext;
import dev.orderlog.platform.command.CommandPipeline;
import dev.orderlog.platform.command.CommandSettings;
import dev.orderlog.platform.command.EventCodec;
import dev.orderlog.platform.command.ExpectedRevision;
import dev.orderlog.platform.command.SnapshotSettings;
import dev.orderlog.platform.command.SnapshotStore;
import dev.orderlog.stock.Stock;
import dev.orderlog.stock.StockCommand;
import dev.orderlog.stock.StockDecider;
import dev.orderlog.stock.StockEvent;
import dev.orderlog.stock.Stocks;
import io.kurrent.dbclient.EventData;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.KurrentDBConnectionString;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Time to load a stream's state (snapshot + tail, then fold) through the real client against the embedded server:
 * orders of 10, 1 000 and 10 000 events with and without a snapshot (baseline: the 10-event order without one), and a
 * hot SKU's stock after 10 000 orders (reserved and committed, one a second) next to a fresh SKU's (baseline: the
 * fresh SKU). Each figure is the median of 5 timed rounds, with the range.
 */
public final class OrderLoadBenchmark {
    private static final int[] SIZES = {10, 1_000, 10_000};
    private static final int HOT_ORDERS = 10_000;
    private static final int SNAPSHOT_LAG = 5;
    private static final int ROUNDS = 5;
    private static final CommandContext CONTEXT =
            CommandContext.correlated("bench").causedBy("bench").actedBy("bench");

    private record Figure(double median, double low, double high) {
        String ratioTo(Figure baseline) {
            return String.format(
                    "%.2fx (%.2f-%.2f)", median / baseline.median, low / baseline.median, high / baseline.median);
        }
    }

    public static void main(String[] args) throws Exception {
        try (EmbeddedKurrentDb server = EmbeddedKurrentDb.start(EmbeddedKurrentDb.Options.defaults())) {
            KurrentDBClient client =
                    KurrentDBClient.create(KurrentDBConnectionString.parseOrThrow(server.connectionString()));
            ObjectMapper json = new ObjectMapper().findAndRegisterModules();
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            SnapshotSettings everyEvent = new SnapshotSettings() {
                public int every() {
                    return 1;
                }

                public int keep() {
                    return 3;
                }
            };
            CommandSettings commands = new CommandSettings() {
                public int maxRetries() {
                    return 0;
                }

                public int idempotencyWindow() {
                    return 1;
                }

                public int cachedStreams() {
                    return 1;
                }

                public Duration turnTimeout() {
                    return Duration.ofSeconds(10);
                }
            };
            orders(client, json, metrics, everyEvent, commands);
            System.out.println();
            stock(client, json, metrics, everyEvent, commands);
            client.shutdown().get();
        }
    }

    private static void orders(
            KurrentDBClient client,
            ObjectMapper json,
            SimpleMeterRegistry metrics,
            SnapshotSettings snapshotSettings,
            CommandSettings commands)
            throws Exception {
        SnapshotStore<Order> snapshots = new SnapshotStore<>(
                client, json, Order.class, Orders.SNAPSHOT_SCHEMA_VERSION, snapshotSettings, metrics, Runnable::run);
        EventCodec<OrderEvent> codec = new EventCodec<>(json, Orders.EVENT_TYPES);
        CommandPipeline<OrderCommand, Order, OrderEvent> pipeline = new CommandPipeline<>(
                client, OrderDecider.DECIDER, codec, snapshots, commands, metrics, Orders.STREAMS);
        Figure baseline = null;
        System.out.printf("%-44s %22s %26s%n", "order load", "ms (median, range)", "ratio (range)");
        for (int size : SIZES) {
            String plain = order(client, codec, pipeline, size);
            String snapshotted = order(client, codec, pipeline, size);
            // A snapshot a few events behind the end, as the service leaves it between snapshot intervals.
            CommandPipeline.Loaded<Order> upToSnapshot = pipeline.replayWhile(
                            snapshotted, e -> e.getRevision() <= size - 1 - SNAPSHOT_LAG)
                    .orElseThrow();
            snapshots.takeIfDue(
                    Orders.STREAMS.streamOf(snapshotted),
                    upToSnapshot.state(),
                    upToSnapshot.revision(),
                    Long.MIN_VALUE / 2);
            Figure without = loadMillis(() -> pipeline.load(plain), size - 1, size);
            Figure with = loadMillis(() -> pipeline.load(snapshotted), size - 1, size);
            baseline = baseline == null ? without : baseline;
            print(size + " events, no snapshot" + (size == SIZES[0] ? " (baseline)" : ""), without, baseline);
            print(size + " events, snapshot " + SNAPSHOT_LAG + " behind", with, baseline);
        }
    }

    private static void stock(
            KurrentDBClient client,
            ObjectMapper json,
            SimpleMeterRegistry metrics,
            SnapshotSettings snapshotSettings,
            CommandSettings commands)
            throws Exception {
        SnapshotStore<Stock> snapshots = new SnapshotStore<>(
                client, json, Stock.class, Stocks.SNAPSHOT_SCHEMA_VERSION, snapshotSettings, metrics, Runnable::run);
        EventCodec<StockEvent> codec = new EventCodec<>(json, Stocks.EVENT_TYPES);
        CommandPipeline<StockCommand, Stock, StockEvent> pipeline = new CommandPipeline<>(
                client, StockDecider.DECIDER, codec, snapshots, commands, metrics, Stocks.STREAMS);
        String fresh = "fresh-" + UUID.randomUUID();
        pipeline.handle(fresh, new StockCommand.ReceiveStock(fresh, 1_000_000), CONTEXT, ExpectedRevision.ANY);
        String hot = "hot-" + UUID.randomUUID();
        int hotEvents = hotSku(client, codec, hot);
        String hotSnapshotted = "hot-" + UUID.randomUUID();
        hotSku(client, codec, hotSnapshotted);
        CommandPipeline.Loaded<Stock> upToSnapshot = pipeline.replayWhile(
                        hotSnapshotted, e -> e.getRevision() <= hotEvents - 1 - SNAPSHOT_LAG)
                .orElseThrow();
        snapshots.takeIfDue(
                Stocks.STREAMS.streamOf(hotSnapshotted),
                upToSnapshot.state(),
                upToSnapshot.revision(),
                Long.MIN_VALUE / 2);

        Figure baseline = loadMillis(() -> pipeline.load(fresh), 0, 10);
        Figure hotWithout = loadMillis(() -> pipeline.load(hot), hotEvents - 1, hotEvents);
        Figure hotWith = loadMillis(() -> pipeline.load(hotSnapshotted), hotEvents - 1, 10);
        Stock.Tracked state = (Stock.Tracked) pipeline.load(hotSnapshotted).state();
        System.out.printf("%-44s %22s %26s%n", "stock load", "ms (median, range)", "ratio (range)");
        print("fresh SKU, 1 event (baseline)", baseline, baseline);
        print(HOT_ORDERS + "-order SKU, " + hotEvents + " events, no snapshot", hotWithout, baseline);
        print(HOT_ORDERS + "-order SKU, snapshot " + SNAPSHOT_LAG + " behind", hotWith, baseline);
        System.out.printf(
                "the hot SKU's state remembers %d settled orders (%s of settlements) and %d open reservations%n",
                state.settled().size(),
                Stock.Tracked.SETTLED_KEPT,
                state.reservations().size());
    }

    /** An order whose stream holds exactly {@code size} events: created, one line, then quantity changes. */
    private static String order(
            KurrentDBClient client,
            EventCodec<OrderEvent> codec,
            CommandPipeline<OrderCommand, Order, OrderEvent> pipeline,
            int size)
            throws Exception {
        String id = UUID.randomUUID().toString();
        pipeline.handle(id, new OrderCommand.CreateOrder(id, "c", "EUR"), CONTEXT, ExpectedRevision.ANY);
        pipeline.handle(id, new OrderCommand.AddLine("sku", 1, new Money(100, "EUR")), CONTEXT, ExpectedRevision.ANY);
        List<EventData> batch = new ArrayList<>();
        for (int i = 2; i < size; i++) {
            batch.add(codec.encode(new OrderEvent.LineQuantityChanged("sku", i), UUID.randomUUID(), CONTEXT));
            if (batch.size() == 500 || i == size - 1) {
                client.appendToStream(Orders.STREAMS.streamOf(id), batch.iterator())
                        .get();
                batch.clear();
            }
        }
        return id;
    }

    /** A SKU received once, then reserved and committed for {@link #HOT_ORDERS} orders, settled a second apart. Returns its event count. */
    private static int hotSku(KurrentDBClient client, EventCodec<StockEvent> codec, String sku) throws Exception {
        List<StockEvent> events = new ArrayList<>();
        Instant start = Instant.now().minusSeconds(HOT_ORDERS);
        events.add(new StockEvent.StockReceived(sku, 1_000_000, start));
        for (int order = 0; order < HOT_ORDERS; order++) {
            events.add(new StockEvent.StockReserved(sku, "order-" + order, 1));
            events.add(new StockEvent.ReservationCommitted(sku, "order-" + order, 1, start.plusSeconds(order)));
        }
        List<EventData> batch = new ArrayList<>();
        for (StockEvent event : events) {
            batch.add(codec.encode(event, UUID.randomUUID(), CONTEXT));
            if (batch.size() == 500) {
                client.appendToStream(Stocks.STREAMS.streamOf(sku), batch.iterator())
                        .get();
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            client.appendToStream(Stocks.STREAMS.streamOf(sku), batch.iterator())
                    .get();
        }
        return events.size();
    }

    /** Median and range over rounds of the mean load time, after a warm-up round; each load is checked to reach {@code revision}. */
    private static Figure loadMillis(Supplier<CommandPipeline.Loaded<?>> load, long revision, int eventsRead) {
        int loads = Math.max(20, 20_000 / eventsRead);
        double[] rounds = new double[ROUNDS];
        for (int round = -1; round < ROUNDS; round++) {
            long started = System.nanoTime();
            for (int i = 0; i < loads; i++) {
                CommandPipeline.Loaded<?> loaded = load.get();
                if (loaded.revision() != revision) {
                    throw new IllegalStateException("loaded revision " + loaded.revision() + ", expected " + revision);
                }
            }
            if (round >= 0) {
                rounds[round] = (System.nanoTime() - started) / 1e6 / loads;
            }
        }
        Arrays.sort(rounds);
        return new Figure(rounds[ROUNDS / 2], rounds[0], rounds[ROUNDS - 1]);
    }

    private static void print(String what, Figure figure, Figure baseline) {
        System.out.printf(
                "%-44s %8.3f (%.3f-%.3f) %26s%n",
                what, figure.median, figure.low, figure.high, figure.ratioTo(baseline));
    }
}
