package dev.orderlog.devservices.kurrentdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.StatusRuntimeException;
import io.kurrent.dbclient.Checkpointer;
import io.kurrent.dbclient.DeleteStreamOptions;
import io.kurrent.dbclient.Position;
import io.kurrent.dbclient.SubscribeToAllOptions;
import io.kurrent.dbclient.SubscribeToStreamOptions;
import io.kurrent.dbclient.Subscription;
import io.kurrent.dbclient.SubscriptionFilter;
import io.kurrent.dbclient.WriteResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SubscriptionConformanceTest extends EmbeddedServerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aStreamSubscriptionFromTheStartConfirmsFirstThenCatchesUpThenGoesLive() throws Exception {
        String stream = newStream("sub");
        result(client.appendToStream(stream, jsonEvents(3)));
        RecordingListener listener = new RecordingListener();
        Subscription subscription = result(client.subscribeToStream(
                stream, listener, SubscribeToStreamOptions.get().fromStart()));
        await().atMost(WAIT).until(() -> listener.caughtUpCount() == 1);
        result(client.appendToStream(stream, jsonEvents(2)));
        await().atMost(WAIT).until(() -> listener.events.size() == 5);
        subscription.stop();

        assertThat(listener.signals.get(0)).isEqualTo("confirmed");
        assertThat(listener.signals.get(4)).isEqualTo("caught-up:2:null");
        assertThat(listener.revisions()).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void aStreamSubscriptionFromARevisionStartsAfterIt() throws Exception {
        String stream = newStream("sub");
        result(client.appendToStream(stream, jsonEvents(5)));
        RecordingListener listener = new RecordingListener();
        Subscription subscription = result(client.subscribeToStream(
                stream, listener, SubscribeToStreamOptions.get().fromRevision(2)));
        await().atMost(WAIT).until(() -> listener.caughtUpCount() == 1);
        subscription.stop();
        assertThat(listener.revisions()).containsExactly(3L, 4L);
    }

    @Test
    void aStreamSubscriptionFromTheEndSeesOnlyNewEvents() throws Exception {
        String stream = newStream("sub");
        result(client.appendToStream(stream, jsonEvents(3)));
        RecordingListener listener = new RecordingListener();
        Subscription subscription = result(client.subscribeToStream(
                stream, listener, SubscribeToStreamOptions.get().fromEnd()));
        await().atMost(WAIT).until(() -> listener.caughtUpCount() == 1);
        result(client.appendToStream(stream, jsonEvents(1)));
        await().atMost(WAIT).until(() -> listener.events.size() == 1);
        subscription.stop();
        assertThat(listener.revisions()).containsExactly(3L);
    }

    @Test
    void aSubscriptionToAMissingStreamWaitsForItsFirstEvent() throws Exception {
        String stream = newStream("sub");
        RecordingListener listener = new RecordingListener();
        Subscription subscription = result(client.subscribeToStream(
                stream, listener, SubscribeToStreamOptions.get().fromStart()));
        await().atMost(WAIT).until(() -> listener.signals.contains("caught-up:null:null"));
        result(client.appendToStream(stream, jsonEvents(1)));
        await().atMost(WAIT).until(() -> listener.events.size() == 1);
        subscription.stop();
    }

    @Test
    void aSubscriptionToATombstonedStreamFailsWithStreamDeleted() throws Exception {
        String stream = newStream("sub");
        result(client.appendToStream(stream, jsonEvents(1)));
        result(client.tombstoneStream(stream, DeleteStreamOptions.get()));
        RecordingListener listener = new RecordingListener();
        result(client.subscribeToStream(
                stream, listener, SubscribeToStreamOptions.get().fromStart()));
        await().atMost(WAIT).until(() -> listener.cancelled);
        assertThat(((StatusRuntimeException) listener.cancelledWith).getStatus().getDescription())
                .contains("is deleted");
    }

    @Test
    void liveEventsArriveInOrderWithNoGapOrDuplicateWhileWritersRaceTheSwitchToLive() throws Exception {
        String stream = newStream("race");
        result(client.appendToStream(stream, jsonEvents(200)));
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < 100; i++) {
                    result(client.appendToStream(stream, jsonEvents(3)));
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        RecordingListener listener = new RecordingListener();
        Subscription subscription = result(client.subscribeToStream(
                stream, listener, SubscribeToStreamOptions.get().fromStart()));
        writer.get();
        await().atMost(WAIT).until(() -> listener.events.size() >= 500);
        subscription.stop();
        assertThat(listener.revisions())
                .containsExactlyElementsOf(LongStream.range(0, 500).boxed().toList());
    }

    @Test
    void aSlowSubscriberNeitherBlocksWritersNorLosesEvents() throws Exception {
        String stream = newStream("slow");
        RecordingListener listener = new RecordingListener();
        listener.delayMillisPerEvent = 2;
        Subscription subscription = result(client.subscribeToStream(
                stream, listener, SubscribeToStreamOptions.get().fromStart()));
        long started = System.nanoTime();
        for (int i = 0; i < 40; i++) {
            result(client.appendToStream(stream, jsonEvents(50)));
        }
        long writeMillis = (System.nanoTime() - started) / 1_000_000;
        // 2 000 events at 2 ms each keep the subscriber busy for 4 s; writers must be done long before that.
        assertThat(writeMillis).isLessThan(3_000);
        assertThat(listener.events.size()).isLessThan(2_000);
        await().atMost(WAIT).until(() -> listener.events.size() == 2_000);
        subscription.stop();
        assertThat(listener.revisions())
                .containsExactlyElementsOf(LongStream.range(0, 2_000).boxed().toList());
    }

    @Test
    void aSubscriberThatFallsBehindCatchesUpAgainAndIsToldSo() throws Exception {
        String stream = newStream("behind");
        RecordingListener listener = new RecordingListener();
        Subscription subscription = result(client.subscribeToStream(
                stream, listener, SubscribeToStreamOptions.get().fromStart()));
        await().atMost(WAIT).until(() -> listener.caughtUpCount() == 1);
        listener.delayMillisPerEvent = 5;
        result(client.appendToStream(stream, jsonEvents(400)));
        await().atMost(WAIT).until(() -> listener.events.size() == 400);
        // The second caught-up follows the last event on the wire; the listener may still be taking it.
        await().atMost(WAIT).until(() -> listener.caughtUpCount() >= 2);
        subscription.stop();
        assertThat(listener.caughtUpCount()).isGreaterThanOrEqualTo(2);
        assertThat(listener.signals).doesNotContain("fell-behind");
    }

    /** The open subscriptions once earlier tests' cancellations, which the server completes asynchronously, are done. */
    private static int settledSubscriptionCount() throws InterruptedException {
        int previous = -1;
        int current = server.activeSubscriptions();
        while (current != previous) {
            Thread.sleep(300);
            previous = current;
            current = server.activeSubscriptions();
        }
        return current;
    }

    @Test
    void cancellingASubscriptionStopsDeliveryAndFreesItsServerSide() throws Exception {
        assumeEmbedded();
        String stream = newStream("cancel");
        RecordingListener listener = new RecordingListener();
        int before = settledSubscriptionCount();
        Subscription subscription = result(client.subscribeToStream(
                stream, listener, SubscribeToStreamOptions.get().fromStart()));
        await().atMost(WAIT).until(() -> server.activeSubscriptions() == before + 1);
        subscription.stop();
        await().atMost(WAIT).until(() -> server.activeSubscriptions() == before);
        result(client.appendToStream(stream, jsonEvents(5)));
        Thread.sleep(200);
        assertThat(listener.events).isEmpty();
    }

    @Test
    void anAllSubscriptionFromAPositionStartsAfterItAndSeesLaterStreamsInOrder() throws Exception {
        String a = newStream("all-a");
        String b = newStream("all-b");
        WriteResult first = result(client.appendToStream(a, jsonEvents(1)));
        RecordingListener listener = new RecordingListener();
        Subscription subscription = result(
                client.subscribeToAll(listener, SubscribeToAllOptions.get().fromPosition(first.getLogPosition())));
        result(client.appendToStream(b, jsonEvents(1)));
        result(client.appendToStream(a, jsonEvents(1)));
        await().atMost(WAIT).until(() -> listener.events.size() >= 2);
        subscription.stop();
        assertThat(listener.signals.stream().filter(s -> s.startsWith("event")).toList())
                .containsExactly("event:" + b + "@0", "event:" + a + "@1");
    }

    @Test
    void anAllSubscriptionFromTheStartReplaysTheWholeLogIncludingSystemEvents() throws Exception {
        RecordingListener listener = new RecordingListener();
        Subscription subscription = result(
                client.subscribeToAll(listener, SubscribeToAllOptions.get().fromStart()));
        await().atMost(WAIT).until(() -> listener.caughtUpCount() == 1);
        subscription.stop();
        assertThat(listener.events)
                .extracting(e -> e.getOriginalEvent().getStreamId())
                .contains("$users");
        List<Position> positions = listener.events.stream()
                .map(e -> e.getOriginalEvent().getPosition())
                .toList();
        assertThat(positions).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aFilteredAllSubscriptionDeliversOnlyMatchingStreamsAndCheckpointsAtItsWindow() throws Exception {
        String prefix = "filtered-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "-";
        List<Position> checkpoints = new CopyOnWriteArrayList<>();
        Checkpointer checkpointer = (subscription, position) -> {
            checkpoints.add(position);
            return CompletableFuture.completedFuture(null);
        };
        RecordingListener listener = new RecordingListener();
        SubscriptionFilter filter = SubscriptionFilter.newBuilder()
                .addStreamNamePrefix(prefix)
                .withMaxWindow(10)
                .withCheckpointer(checkpointer, 1)
                .build();
        Subscription subscription = result(client.subscribeToAll(
                listener, SubscribeToAllOptions.get().fromEnd().filter(filter)));
        await().atMost(WAIT).until(() -> listener.caughtUpCount() == 1);
        for (int i = 0; i < 30; i++) {
            result(client.appendToStream(newStream("noise"), jsonEvents(1)));
        }
        result(client.appendToStream(prefix + "1", jsonEvents(2)));
        await().atMost(WAIT).until(() -> listener.events.size() == 2);
        subscription.stop();
        assertThat(listener.events)
                .extracting(e -> e.getOriginalEvent().getStreamId())
                .containsOnly(prefix + "1");
        assertThat(checkpoints).hasSizeGreaterThanOrEqualTo(3).isSorted();
    }

    @Test
    void eventTypeRegexFiltersMatchAnywhereInTheName() throws Exception {
        String stream = newStream("types");
        RecordingListener listener = new RecordingListener();
        SubscriptionFilter filter = SubscriptionFilter.newBuilder()
                .withEventTypeRegularExpression("Placed")
                .build();
        Subscription subscription = result(client.subscribeToAll(
                listener, SubscribeToAllOptions.get().fromEnd().filter(filter)));
        await().atMost(WAIT).until(() -> listener.caughtUpCount() == 1);
        result(client.appendToStream(
                stream, json("OrderPlaced", "{}"), json("OrderPaid", "{}"), json("PlacedAgain", "{}")));
        await().atMost(WAIT).until(() -> listener.events.size() == 2);
        subscription.stop();
        assertThat(listener.events)
                .extracting(e -> e.getOriginalEvent().getEventType())
                .containsExactly("OrderPlaced", "PlacedAgain");
    }
}
