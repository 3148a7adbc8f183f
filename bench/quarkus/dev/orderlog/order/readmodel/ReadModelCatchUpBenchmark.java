package dev.orderlog.order.readmodel;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.order.OrderEvent;
import dev.orderlog.order.Orders;
import dev.orderlog.order.ShippingAddress;
import dev.orderlog.platform.command.CommandContext;
import dev.orderlog.platform.command.EventCodec;
import dev.orderlog.platform.projection.Projection;
import dev.orderlog.platform.projection.ProjectionRunner;
import dev.orderlog.platform.projection.ProjectionSettings;
import dev.orderlog.platform.projection.ReadModelTables;
import dev.orderlog.platform.subscription.ConsumerSettings;
import dev.orderlog.platform.subscription.GroupSettings;
import dev.orderlog.platform.subscription.SubscriptionConsumer;
import io.agroal.api.AgroalDataSource;
import io.kurrent.dbclient.EventData;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.RecordedEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test (tag "bench", run by {@code bench/run read-model}): catch-up of 100 000 order events into the
 * read models through the projection runner, next to one transaction and one ack per event, and next to raw batched
 * statements into the same tables without KurrentDB, all in one run. Prints figures; asserts nothing about speed.
 */
@QuarkusTest
@TestProfile(ReadModelCatchUpBenchmark.WithoutLiveProjections.class)
@Tag("bench")
class ReadModelCatchUpBenchmark {
    private static final int ORDERS = 10_000;
    private static final int EVENTS_PER_ORDER = 10;
    private static final int PER_EVENT_SAMPLE = 10_000;
    private static final int PER_EVENT_WARM_UP = 2_000;
    private static final int WARM_UP_ROUNDS = 2;
    private static final int TIMED_ROUNDS = 3;

    public static class WithoutLiveProjections implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("orderlog.projections.enabled", "false");
        }
    }

    @Inject
    KurrentDBClient client;

    @Inject
    OrderProjection projection;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    @Inject
    ProjectionSettings settings;

    @Inject
    ProjectionRunner runner;

    @Test
    void catchUpOfOneHundredThousandOrderEvents() throws Exception {
        EventCodec<OrderEvent> codec = new EventCodec<>(json, Orders.EVENT_TYPES);
        List<String> ids = writeOrders(codec);
        int events = ORDERS * EVENTS_PER_ORDER;

        // Every path runs untimed first, so what is timed is compiled code rather than the JIT compiler at work.
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            measure(ids, PER_EVENT_WARM_UP);
        }
        // Then timed rounds, reported by their median and range: one round of a few seconds is at the mercy of a
        // PostgreSQL checkpoint or a collection that happens to fall into it.
        List<Figures> rounds = new ArrayList<>();
        for (int round = 0; round < TIMED_ROUNDS; round++) {
            rounds.add(measure(ids, PER_EVENT_SAMPLE));
        }
        double perEvent = median(rounds, Figures::perEvent);
        double batched = median(rounds, Figures::batched);
        double raw = median(rounds, Figures::raw);

        System.out.printf(
                "%n%-60s %10s %19s %8s%n",
                "figure (" + events + " order events, median of " + TIMED_ROUNDS + " rounds)",
                "events/s",
                "range",
                "ratio");
        row("per event: one transaction and one ack each (baseline)", rounds, Figures::perEvent, perEvent);
        row("projection runner, batches of " + settings.batchSize(), rounds, Figures::batched, perEvent);
        row("raw batched statements into the same tables, no KurrentDB", rounds, Figures::raw, perEvent);
        System.out.printf("%-60s %10s %19s %7.2fx%n", "runner / raw", "", "", batched / raw);
        System.out.printf(
                "%n%-60s %10s %19s %8s%n",
                "consumers in one group (same events, same batches)", "events/s", "range", "vs 1");
        row("1 consumer", rounds, Figures::batched, batched);
        row("2 consumers", rounds, Figures::twoConsumers, batched);
        row("4 consumers", rounds, Figures::fourConsumers, batched);
    }

    private static void row(String label, List<Figures> rounds, ToDoubleFunction<Figures> figure, double baseline) {
        DoubleSummaryStatistics range = rounds.stream().mapToDouble(figure).summaryStatistics();
        double median = median(rounds, figure);
        System.out.printf(
                "%-60s %10.0f %8.0f – %8.0f %7.2fx%n",
                label, median, range.getMin(), range.getMax(), median / baseline);
    }

    private static double median(List<Figures> rounds, ToDoubleFunction<Figures> figure) {
        double[] sorted = rounds.stream().mapToDouble(figure).sorted().toArray();
        return sorted.length % 2 == 1
                ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private record Figures(double batched, double twoConsumers, double fourConsumers, double perEvent, double raw) {}

    private Figures measure(List<String> ids, int perEventSample) throws Exception {
        int events = ids.size() * EVENTS_PER_ORDER;
        double batched = runConsumers("bench-batched-" + UUID.randomUUID(), settings.batchSize(), events, 1);
        double twoConsumers = runConsumers("bench-two-" + UUID.randomUUID(), settings.batchSize(), events, 2);
        double fourConsumers = runConsumers("bench-four-" + UUID.randomUUID(), settings.batchSize(), events, 4);
        double perEvent = runConsumers("bench-per-event-" + UUID.randomUUID(), 1, perEventSample, 1);
        double raw = rawUpserts(ids);
        return new Figures(batched, twoConsumers, fourConsumers, perEvent, raw);
    }

    private List<String> writeOrders(EventCodec<OrderEvent> codec) throws Exception {
        List<String> ids = new ArrayList<>();
        CommandContext context =
                CommandContext.correlated("bench").causedBy("bench").actedBy("bench");
        for (int o = 0; o < ORDERS; o++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            List<EventData> events = new ArrayList<>();
            events.add(codec.encode(
                    new OrderEvent.OrderCreated(id, "c-" + (o % 500), "EUR", Instant.now()),
                    UUID.randomUUID(),
                    context));
            for (int l = 0; l < EVENTS_PER_ORDER - 2; l++) {
                events.add(
                        codec.encode(new OrderEvent.LineAdded("sku-" + l, 1 + l, 100 + l), UUID.randomUUID(), context));
            }
            events.add(codec.encode(
                    new OrderEvent.OrderPlaced(new ShippingAddress("A", "S", "C", "1", "GB"), 1, Instant.now()),
                    UUID.randomUUID(),
                    context));
            client.appendToStream(Orders.STREAMS.streamOf(id), events.iterator())
                    .get();
        }
        return ids;
    }

    /** The order projection under a group of its own, so each measurement starts from the beginning. */
    private Projection renamed(String group, Projection delegate) {
        return new Projection() {
            @Override
            public String name() {
                return group;
            }

            @Override
            public String streamRegex() {
                return delegate.streamRegex();
            }

            @Override
            public ReadModelTables tables() {
                return delegate.tables();
            }

            @Override
            public Outcome apply(RecordedEvent event) {
                return delegate.apply(event);
            }

            @Override
            public void prefetch(List<RecordedEvent> batch) {
                delegate.prefetch(batch);
            }

            @Override
            public void flush() {
                delegate.flush();
            }
        };
    }

    /** Events per second until the read model holds every order complete (or the first {@code sample} events). */
    private double runConsumers(String group, int batchSize, int sample, int consumerCount) throws Exception {
        truncate();
        Projection named = renamed(group, projection);
        ConsumerSettings sized = new ConsumerSettings() {
            public int batchSize() {
                return batchSize;
            }

            public Duration batchWait() {
                return settings.batchWait();
            }

            public int bufferSize() {
                return Math.max(settings.bufferSize(), batchSize * 2);
            }

            public GroupSettings group() {
                return settings.group();
            }

            public Duration maxBackoff() {
                return settings.maxBackoff();
            }

            public int parkAfter() {
                return settings.parkAfter();
            }
        };
        List<SubscriptionConsumer> consumers = new ArrayList<>();
        for (int c = 0; c < consumerCount; c++) {
            consumers.add(runner.consumerOf(named, sized));
        }
        long started = System.nanoTime();
        consumers.forEach(SubscriptionConsumer::start);
        while (appliedEvents() < sample) {
            Thread.sleep(50);
        }
        double rate = sample / ((System.nanoTime() - started) / 1e9);
        for (SubscriptionConsumer consumer : consumers) {
            consumer.stop();
        }
        return rate;
    }

    /** The same rows written with plain JDBC in batches of the runner's size: the ceiling the runner is measured against. */
    private double rawUpserts(List<String> ids) throws Exception {
        truncate();
        int events = ids.size() * EVENTS_PER_ORDER;
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement summary = connection.prepareStatement(
                            "INSERT INTO order_summary (order_id, customer_id, status, currency, total_minor, line_count, created_at, updated_at, last_revision) "
                                    + "VALUES (?, ?, 'draft', 'EUR', 0, 0, now(), now(), 0)");
                    PreparedStatement line = connection.prepareStatement(
                            "INSERT INTO order_line (order_id, sku, quantity, unit_price_minor) VALUES (?, ?, ?, ?)");
                    PreparedStatement total = connection.prepareStatement(
                            "UPDATE order_summary SET total_minor = total_minor + ?, line_count = line_count + 1, last_revision = ?, updated_at = now() "
                                    + "WHERE order_id = ? AND last_revision = ?");
                    PreparedStatement placed = connection.prepareStatement(
                            "UPDATE order_summary SET status = 'placed', last_revision = ?, updated_at = now() WHERE order_id = ? AND last_revision = ?")) {
                int inBatch = 0;
                for (String id : ids) {
                    summary.setString(1, id);
                    summary.setString(2, "c");
                    summary.addBatch();
                    for (int l = 0; l < EVENTS_PER_ORDER - 2; l++) {
                        line.setString(1, id);
                        line.setString(2, "sku-" + l);
                        line.setInt(3, 1 + l);
                        line.setLong(4, 100 + l);
                        line.addBatch();
                        total.setLong(1, (1L + l) * (100 + l));
                        total.setLong(2, l + 1);
                        total.setString(3, id);
                        total.setLong(4, l);
                        total.addBatch();
                    }
                    placed.setLong(1, EVENTS_PER_ORDER - 1);
                    placed.setString(2, id);
                    placed.setLong(3, EVENTS_PER_ORDER - 2);
                    placed.addBatch();
                    inBatch += EVENTS_PER_ORDER;
                    if (inBatch >= settings.batchSize()) {
                        flush(connection, summary, line, total, placed);
                        inBatch = 0;
                    }
                }
                flush(connection, summary, line, total, placed);
            }
        }
        return events / ((System.nanoTime() - started) / 1e9);
    }

    private static void flush(Connection connection, PreparedStatement... statements) throws Exception {
        for (PreparedStatement statement : statements) {
            statement.executeBatch();
        }
        connection.commit();
    }

    private long appliedEvents() throws Exception {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet sum =
                        statement.executeQuery("SELECT coalesce(sum(last_revision + 1), 0) FROM order_summary")) {
            sum.next();
            return sum.getLong(1);
        }
    }

    private void truncate() throws Exception {
        QuarkusTransaction.requiringNew()
                .run(() -> OrderSummary.getEntityManager()
                        .createNativeQuery("TRUNCATE order_line, order_summary, customer_stats")
                        .executeUpdate());
        settle();
    }

    /** Lets the previous phase's aftermath (dirty pages PostgreSQL still has to write, garbage to collect) pass before the next is timed. */
    private void settle() throws Exception {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        }
        System.gc();
        Thread.sleep(500);
    }
}
