package dev.orderlog.bench;

import dev.orderlog.devservices.kurrentdb.EmbeddedKurrentDb;
import io.kurrent.dbclient.CreatePersistentSubscriptionToAllOptions;
import io.kurrent.dbclient.CreatePersistentSubscriptionToStreamOptions;
import io.kurrent.dbclient.EventData;
import io.kurrent.dbclient.EventDataBuilder;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.KurrentDBConnectionString;
import io.kurrent.dbclient.KurrentDBPersistentSubscriptionsClient;
import io.kurrent.dbclient.NamedConsumerStrategy;
import io.kurrent.dbclient.PersistentSubscription;
import io.kurrent.dbclient.PersistentSubscriptionListener;
import io.kurrent.dbclient.ResolvedEvent;
import io.kurrent.dbclient.SubscribePersistentSubscriptionOptions;
import io.kurrent.dbclient.SubscribeToAllOptions;
import io.kurrent.dbclient.SubscribeToStreamOptions;
import io.kurrent.dbclient.Subscription;
import io.kurrent.dbclient.SubscriptionFilter;
import io.kurrent.dbclient.SubscriptionListener;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Events per second delivered and acked through a persistent subscription with 1 and 4 consumers, next to a
 * catch-up subscription reading the same stream in the same run (the baseline). Then delivery latency at low load
 * (one append every 10 ms): from the start of an append to its event in the handler, through a filtered persistent
 * subscription on $all (as the service's consumers use), next to a live catch-up subscription on $all (the baseline).
 */
public final class PersistentSubscriptionBenchmark {
    private static final int EVENTS = 50_000;
    private static final byte[] PAYLOAD =
            "{\"orderId\":\"o-1\",\"sku\":\"ABC-123\",\"quantity\":2}".getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
        try (EmbeddedKurrentDb server = EmbeddedKurrentDb.start(EmbeddedKurrentDb.Options.defaults())) {
            KurrentDBClient client =
                    KurrentDBClient.create(KurrentDBConnectionString.parseOrThrow(server.connectionString()));
            KurrentDBPersistentSubscriptionsClient persistent = KurrentDBPersistentSubscriptionsClient.from(client);
            String stream = "bench-ps";
            for (int i = 0; i < EVENTS; i += 500) {
                List<EventData> batch = new ArrayList<>();
                for (int j = 0; j < 500; j++) {
                    batch.add(EventDataBuilder.json(UUID.randomUUID(), "ItemAdded", PAYLOAD)
                            .build());
                }
                client.appendToStream(stream, batch.iterator()).get();
            }
            catchUp(client, stream);
            double baseline = catchUp(client, stream);
            persistentRate(persistent, stream, "warm-up", 1);
            double one = persistentRate(persistent, stream, "one", 1);
            double four = persistentRate(persistent, stream, "four", 4);
            System.out.printf("%-50s %12s %8s%n", "figure (" + EVENTS + " events)", "events/s", "ratio");
            System.out.printf("%-50s %12.0f %7.2fx%n", "catch-up subscription (baseline)", baseline, 1.0);
            System.out.printf(
                    "%-50s %12.0f %7.2fx%n", "persistent subscription, 1 consumer, acked", one, one / baseline);
            System.out.printf(
                    "%-50s %12.0f %7.2fx%n", "persistent subscription, 4 consumers, acked", four, four / baseline);
            System.out.println();
            Latency live = latency(
                    client,
                    "catch-up",
                    () -> client.subscribeToAll(
                                    latencyListener(),
                                    SubscribeToAllOptions.get()
                                            .fromEnd()
                                            .filter(SubscriptionFilter.newBuilder()
                                                    .withStreamNameRegularExpression("^bench-live-catch-up-")
                                                    .build()))
                            .get()::stop);
            Latency group = latency(client, "persistent", () -> {
                persistent
                        .createToAll(
                                "latency",
                                CreatePersistentSubscriptionToAllOptions.get()
                                        .fromEnd()
                                        .filter(SubscriptionFilter.newBuilder()
                                                .withStreamNameRegularExpression("^bench-live-persistent-")
                                                .build())
                                        .namedConsumerStrategy(NamedConsumerStrategy.PINNED))
                        .get();
                PersistentSubscription subscription = persistent
                        .subscribeToAll(
                                "latency",
                                SubscribePersistentSubscriptionOptions.get().bufferSize(4000),
                                new PersistentSubscriptionListener() {
                                    @Override
                                    public void onEvent(
                                            PersistentSubscription from, int retryCount, ResolvedEvent event) {
                                        received(event);
                                        from.ack(event);
                                    }
                                })
                        .get();
                return subscription::stop;
            });
            System.out.printf(
                    "%-50s %10s %10s %10s%n",
                    "delivery latency, " + LATENCY_EVENTS + " events 10 ms apart", "p50 ms", "p99 ms", "p50 ratio");
            System.out.printf(
                    "%-50s %10.2f %10.2f %9.2fx%n",
                    "live catch-up subscription on $all (baseline)", live.p50(), live.p99(), 1.0);
            System.out.printf(
                    "%-50s %10.2f %10.2f %9.2fx%n",
                    "persistent subscription on $all, filtered, acked",
                    group.p50(),
                    group.p99(),
                    group.p50() / live.p50());
            client.shutdown().get();
        }
    }

    private static final int LATENCY_EVENTS = 500;
    private static final Map<String, Long> SENT = new ConcurrentHashMap<>();
    private static final List<Long> DELAYS = java.util.Collections.synchronizedList(new ArrayList<>());

    private record Latency(double p50, double p99) {}

    private interface Subscriber {
        Runnable subscribe() throws Exception;
    }

    private static SubscriptionListener latencyListener() {
        return new SubscriptionListener() {
            @Override
            public void onEvent(Subscription subscription, ResolvedEvent event) {
                received(event);
            }
        };
    }

    private static void received(ResolvedEvent event) {
        Long sent = SENT.remove(event.getOriginalEvent().getEventId().toString());
        if (sent != null) {
            DELAYS.add(System.nanoTime() - sent);
        }
    }

    /** Appends one event every 10 ms to streams the subscriber filters for, after 50 not counted, and times each to its handler. */
    private static Latency latency(KurrentDBClient client, String kind, Subscriber subscriber) throws Exception {
        Runnable stop = subscriber.subscribe();
        DELAYS.clear();
        for (int i = -50; i < LATENCY_EVENTS; i++) {
            UUID id = UUID.randomUUID();
            if (i == 0) {
                Thread.sleep(200);
                DELAYS.clear();
            }
            SENT.put(id.toString(), System.nanoTime());
            client.appendToStream(
                            "bench-live-" + kind + "-" + (i % 20 + 20),
                            EventDataBuilder.json(id, "ItemAdded", PAYLOAD).build())
                    .get();
            Thread.sleep(10);
        }
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (DELAYS.size() < LATENCY_EVENTS && System.nanoTime() < waitUntil) {
            Thread.sleep(10);
        }
        stop.run();
        if (DELAYS.size() < LATENCY_EVENTS) {
            throw new IllegalStateException(
                    kind + ": " + DELAYS.size() + " of " + LATENCY_EVENTS + " events delivered");
        }
        long[] sorted;
        synchronized (DELAYS) {
            sorted = DELAYS.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        return new Latency(sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6);
    }

    private static double catchUp(KurrentDBClient client, String stream) throws Exception {
        CountDownLatch done = new CountDownLatch(EVENTS);
        long started = System.nanoTime();
        Subscription subscription = client.subscribeToStream(
                        stream,
                        new SubscriptionListener() {
                            @Override
                            public void onEvent(Subscription subscription, ResolvedEvent event) {
                                done.countDown();
                            }
                        },
                        SubscribeToStreamOptions.get().fromStart())
                .get();
        if (!done.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("catch-up did not finish");
        }
        double rate = EVENTS / ((System.nanoTime() - started) / 1e9);
        subscription.stop();
        return rate;
    }

    private static double persistentRate(
            KurrentDBPersistentSubscriptionsClient persistent, String stream, String group, int consumers)
            throws Exception {
        persistent
                .createToStream(
                        stream,
                        group,
                        CreatePersistentSubscriptionToStreamOptions.get()
                                .fromStart()
                                .namedConsumerStrategy(NamedConsumerStrategy.ROUND_ROBIN))
                .get();
        CountDownLatch done = new CountDownLatch(EVENTS);
        long started = System.nanoTime();
        List<PersistentSubscription> subscriptions = new ArrayList<>();
        for (int c = 0; c < consumers; c++) {
            subscriptions.add(persistent
                    .subscribeToStream(
                            stream,
                            group,
                            SubscribePersistentSubscriptionOptions.get().bufferSize(200),
                            new PersistentSubscriptionListener() {
                                @Override
                                public void onEvent(
                                        PersistentSubscription subscription, int retryCount, ResolvedEvent event) {
                                    subscription.ack(event);
                                    done.countDown();
                                }
                            })
                    .get());
        }
        if (!done.await(300, TimeUnit.SECONDS)) {
            throw new IllegalStateException("persistent subscription did not finish: " + done.getCount() + " left");
        }
        double rate = EVENTS / ((System.nanoTime() - started) / 1e9);
        subscriptions.forEach(PersistentSubscription::stop);
        return rate;
    }
}
