package dev.orderlog.devservices.kurrentdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderlog.devservices.kurrentdb.PersistentRecorder.Answer;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.kurrent.dbclient.CreatePersistentSubscriptionToAllOptions;
import io.kurrent.dbclient.CreatePersistentSubscriptionToStreamOptions;
import io.kurrent.dbclient.DeleteStreamOptions;
import io.kurrent.dbclient.KurrentDBPersistentSubscriptionsClient;
import io.kurrent.dbclient.NamedConsumerStrategy;
import io.kurrent.dbclient.PersistentSubscription;
import io.kurrent.dbclient.PersistentSubscriptionToStreamInfo;
import io.kurrent.dbclient.ReadStreamOptions;
import io.kurrent.dbclient.ReplayParkedMessagesOptions;
import io.kurrent.dbclient.ResolvedEvent;
import io.kurrent.dbclient.SubscribePersistentSubscriptionOptions;
import io.kurrent.dbclient.SubscriptionFilter;
import io.kurrent.dbclient.UpdatePersistentSubscriptionToStreamOptions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Persistent subscriptions through the official client, checked against PersistentSubscription.cs and PersistentSubscriptions.*.cs. */
class PersistentSubscriptionConformanceTest extends EmbeddedServerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static KurrentDBPersistentSubscriptionsClient persistent;

    @BeforeAll
    static void persistentClient() {
        persistent = KurrentDBPersistentSubscriptionsClient.from(client);
    }

    private static CreatePersistentSubscriptionToStreamOptions fromStart() {
        return CreatePersistentSubscriptionToStreamOptions.get()
                .fromStart()
                .checkpointLowerBound(1)
                .checkpointUpperBound(1)
                .checkpointAfterInMs(100)
                .messageTimeoutInMs(30_000);
    }

    private static PersistentSubscription subscribe(
            String stream, String group, PersistentRecorder recorder, int bufferSize) throws Exception {
        PersistentSubscription subscription = result(persistent.subscribeToStream(
                stream, group, SubscribePersistentSubscriptionOptions.get().bufferSize(bufferSize), recorder));
        await().atMost(WAIT).until(() -> recorder.confirmed);
        return subscription;
    }

    /**
     * The Java client sends a stream-name prefix as an unanchored regex, which would also match a group's own
     * {@code $$} checkpoint metadata stream in {@code $all} if the group were named after the prefix.
     */
    private static String groupName() {
        return "group-" + java.util.UUID.randomUUID();
    }

    private static StatusRuntimeException status(Throwable failure) {
        return (StatusRuntimeException) failure;
    }

    @Test
    void aGroupDeliversItsStreamFromTheStartWithRetryCountsAfterTheConfirmation() throws Exception {
        String stream = newStream("ps");
        result(client.appendToStream(stream, jsonEvents(5)));
        result(persistent.createToStream(stream, "g", fromStart()));
        PersistentRecorder recorder = PersistentRecorder.acking();
        PersistentSubscription subscription = subscribe(stream, "g", recorder, 10);
        result(client.appendToStream(stream, jsonEvents(2)));
        await().atMost(WAIT).until(() -> recorder.deliveries.size() == 7);
        subscription.stop();
        assertThat(recorder.revisions())
                .containsExactlyElementsOf(LongStream.range(0, 7).boxed().toList());
        assertThat(recorder.deliveries).allMatch(d -> d.retryCount() == 0);
    }

    @Test
    void creatingAnExistingGroupAndUsingAMissingOneAreTheServersErrors() throws Exception {
        String stream = newStream("ps");
        result(persistent.createToStream(stream, "g", fromStart()));
        assertThat(status(failureOf(persistent.createToStream(stream, "g", fromStart())))
                        .getStatus()
                        .getCode())
                .isEqualTo(Status.Code.ALREADY_EXISTS);
        assertThat(status(failureOf(persistent.deleteToStream(stream, "missing")))
                        .getStatus()
                        .getCode())
                .isEqualTo(Status.Code.NOT_FOUND);
        assertThat(result(persistent.getInfoToStream(stream, "missing"))).isEmpty();
        PersistentRecorder recorder = PersistentRecorder.acking();
        persistent.subscribeToStream(stream, "missing", recorder);
        await().atMost(WAIT).until(() -> recorder.cancelled);
        assertThat(recorder.cancelledWith.toString()).containsIgnoringCase("not");
    }

    /** KurrentDB deletes a group's checkpoint with it: a group created again under its name starts afresh. */
    @Test
    void aGroupDeletedAndCreatedAgainStartsFromItsStartNotFromTheOldCheckpoint() throws Exception {
        String stream = newStream("recreated");
        result(client.appendToStream(stream, jsonEvents(3)));
        result(persistent.createToStream(stream, "g", fromStart()));
        PersistentRecorder first = PersistentRecorder.acking();
        PersistentSubscription subscription = subscribe(stream, "g", first, 10);
        await().atMost(WAIT).until(() -> first.deliveries.size() == 3);
        await().atMost(WAIT)
                .until(() -> result(persistent.getInfoToStream(stream, "g"))
                                .flatMap(info -> info.getStats().getLastCheckpointedEventRevision())
                                .orElse(-1L)
                        == 2L);
        subscription.stop();
        result(persistent.deleteToStream(stream, "g"));

        result(persistent.createToStream(stream, "g", fromStart()));
        PersistentRecorder again = PersistentRecorder.acking();
        PersistentSubscription resubscribed = subscribe(stream, "g", again, 10);
        await().atMost(WAIT).until(() -> again.deliveries.size() == 3);
        resubscribed.stop();
        assertThat(again.revisions()).containsExactly(0L, 1L, 2L);
    }

    /** Listing the groups of a stream that has none is KurrentDB's "does not exist", which clients map to their type. */
    @Test
    void listingTheGroupsOfAStreamWithNoneIsTheServersDoesNotExist() throws Exception {
        String stream = newStream("nogroups");
        StatusRuntimeException none = status(failureOf(persistent.listToStream(stream)));
        assertThat(none.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(none.getStatus().getDescription())
                .isEqualTo("Subscription group  on stream " + stream + " does not exist.");
        assertThat(none.getTrailers().get(Metadata.Key.of("exception", Metadata.ASCII_STRING_MARSHALLER)))
                .isEqualTo("persistent-subscription-does-not-exist");
    }

    @Test
    void settingsThePersistentSubscriptionRefusesFailTheCreateAndLeaveAnUpdatedGroupAsItWas() throws Exception {
        String stream = newStream("settings");
        StatusRuntimeException refused = status(failureOf(persistent.createToStream(
                stream, "g", fromStart().readBatchSize(500).historyBufferSize(500))));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(refused.getStatus().getDescription())
                .contains("ReadBatchSize may not be greater than or equal to BufferSize");
        assertThat(refused.getTrailers().get(Metadata.Key.of("exception", Metadata.ASCII_STRING_MARSHALLER)))
                .isEqualTo("persistent-subscription-failed");
        assertThat(result(persistent.getInfoToStream(stream, "g"))).isEmpty();

        result(persistent.createToStream(
                stream, "g", fromStart().readBatchSize(20).historyBufferSize(500)));
        StatusRuntimeException updateRefused = status(failureOf(persistent.updateToStream(
                stream,
                "g",
                UpdatePersistentSubscriptionToStreamOptions.get()
                        .readBatchSize(600)
                        .historyBufferSize(500))));
        assertThat(updateRefused.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(result(persistent.getInfoToStream(stream, "g"))
                        .orElseThrow()
                        .getSettings()
                        .getReadBatchSize())
                .isEqualTo(20);
    }

    @Test
    void startFromEndMeansEverythingCommittedAfterTheGroupWasCreatedEvenWithNobodyConnected() throws Exception {
        String stream = newStream("ps");
        result(client.appendToStream(stream, jsonEvents(3)));
        result(persistent.createToStream(stream, "g", fromStart().fromEnd()));
        result(client.appendToStream(stream, jsonEvents(2)));
        PersistentRecorder recorder = PersistentRecorder.acking();
        PersistentSubscription subscription = subscribe(stream, "g", recorder, 10);
        await().atMost(WAIT).until(() -> recorder.deliveries.size() == 2);
        subscription.stop();
        assertThat(recorder.revisions()).containsExactly(3L, 4L);
    }

    @Test
    void aNackedMessageIsRetriedUntilMaxRetryCountThenParkedAndReplayedThroughItsLink() throws Exception {
        String stream = newStream("poison");
        result(client.appendToStream(stream, jsonEvents(3)));
        result(persistent.createToStream(stream, "g", fromStart().maxRetryCount(2)));
        PersistentRecorder recorder = new PersistentRecorder((event, retry) ->
                event.getEvent().getRevision() == 1 && event.getLink() == null ? Answer.NACK_RETRY : Answer.ACK);
        PersistentSubscription subscription = subscribe(stream, "g", recorder, 10);
        await().atMost(WAIT)
                .until(() -> result(persistent.getInfoToStream(stream, "g"))
                                .orElseThrow()
                                .getStats()
                                .getParkedMessageCount()
                        == 1);
        List<Integer> retriesOfPoison = recorder.deliveries.stream()
                .filter(d -> d.revision() == 1)
                .map(PersistentRecorder.Delivery::retryCount)
                .toList();
        assertThat(retriesOfPoison).containsExactly(0, 1, 2);
        assertThat(result(client.readStream(
                                "$persistentsubscription-" + stream + "::g-parked", ReadStreamOptions.get()))
                        .getEvents())
                .singleElement()
                .satisfies(parked ->
                        assertThat(parked.getOriginalEvent().getEventType()).isEqualTo("$>"));

        result(persistent.replayParkedMessagesToStream(stream, "g", ReplayParkedMessagesOptions.get()));
        await().atMost(WAIT).until(() -> recorder.deliveries.stream().anyMatch(PersistentRecorder.Delivery::viaLink));
        await().atMost(WAIT)
                .until(() -> result(persistent.getInfoToStream(stream, "g"))
                                .orElseThrow()
                                .getStats()
                                .getParkedMessageCount()
                        == 0);
        Thread.sleep(300);
        subscription.stop();
        assertThat(recorder.deliveries.stream()
                        .filter(PersistentRecorder.Delivery::viaLink)
                        .toList())
                .hasSize(1);
    }

    /**
     * KurrentDB keeps retries ahead of new events (StreamBuffer: the retry list is scanned first), and handles a nack
     * and a later append's commit in the order they reach it. So an event appended after the client has sent its nack
     * comes after the retried one, every time.
     */
    @Test
    void aRetriedMessageComesBeforeAnEventAppendedAfterTheNack() throws Exception {
        String stream = newStream("retry-order");
        result(persistent.createToStream(stream, "g", fromStart()));
        List<String> deliveries = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.Semaphore nacked = new java.util.concurrent.Semaphore(0);
        PersistentSubscription subscription = result(persistent.subscribeToStream(
                stream,
                "g",
                SubscribePersistentSubscriptionOptions.get().bufferSize(10),
                new io.kurrent.dbclient.PersistentSubscriptionListener() {
                    @Override
                    public void onEvent(PersistentSubscription from, int retryCount, ResolvedEvent event) {
                        long revision = event.getEvent().getRevision();
                        deliveries.add(revision + "/" + retryCount);
                        if (revision % 2 == 0 && retryCount == 0) {
                            from.nack(io.kurrent.dbclient.NackAction.Retry, "again", event);
                            nacked.release();
                        } else {
                            from.ack(event);
                        }
                    }
                }));
        try {
            for (int round = 0; round < 40; round++) {
                long work = 2L * round;
                result(client.appendToStream(stream, json("Work", "{}")));
                assertThat(nacked.tryAcquire(20, java.util.concurrent.TimeUnit.SECONDS))
                        .isTrue();
                result(client.appendToStream(stream, json("Finish", "{}")));
                await().atMost(WAIT).until(() -> deliveries.contains((work + 1) + "/0"));
                assertThat(deliveries.indexOf(work + "/1"))
                        .as("round %d: %s", round, deliveries)
                        .isNotNegative()
                        .isLessThan(deliveries.indexOf((work + 1) + "/0"));
            }
        } finally {
            subscription.stop();
        }
    }

    @Test
    void nackParkParksAtOnceAndNackSkipIsNotRedelivered() throws Exception {
        String stream = newStream("nack");
        result(client.appendToStream(stream, jsonEvents(3)));
        result(persistent.createToStream(stream, "g", fromStart().maxRetryCount(5)));
        PersistentRecorder recorder = new PersistentRecorder(
                (event, retry) -> switch ((int) event.getEvent().getRevision()) {
                    case 0 -> Answer.NACK_PARK;
                    case 1 -> Answer.NACK_SKIP;
                    default -> Answer.ACK;
                });
        PersistentSubscription subscription = subscribe(stream, "g", recorder, 10);
        await().atMost(WAIT)
                .until(() -> result(persistent.getInfoToStream(stream, "g"))
                                .orElseThrow()
                                .getStats()
                                .getParkedMessageCount()
                        == 1);
        Thread.sleep(300);
        subscription.stop();
        assertThat(recorder.revisions()).containsExactly(0L, 1L, 2L);
    }

    @Test
    void anUnackedMessageTimesOutAndIsRetried() throws Exception {
        String stream = newStream("timeout");
        result(client.appendToStream(stream, jsonEvents(1)));
        result(persistent.createToStream(stream, "g", fromStart().messageTimeoutInMs(500)));
        PersistentRecorder recorder =
                new PersistentRecorder((event, retry) -> retry == 0 ? Answer.NOTHING : Answer.ACK);
        PersistentSubscription subscription = subscribe(stream, "g", recorder, 10);
        await().atMost(WAIT).until(() -> recorder.deliveries.size() == 2);
        subscription.stop();
        assertThat(recorder.deliveries)
                .extracting(PersistentRecorder.Delivery::retryCount)
                .containsExactly(0, 1);
    }

    @Test
    void aConsumersInFlightMessagesAreBoundedByItsBufferSize() throws Exception {
        String stream = newStream("buffer");
        result(client.appendToStream(stream, jsonEvents(10)));
        result(persistent.createToStream(stream, "g", fromStart()));
        PersistentRecorder recorder = new PersistentRecorder((event, retry) -> Answer.NOTHING);
        PersistentSubscription subscription = subscribe(stream, "g", recorder, 3);
        await().atMost(WAIT).until(() -> recorder.deliveries.size() == 3);
        Thread.sleep(300);
        assertThat(recorder.deliveries).hasSize(3);
        assertThat(result(persistent.getInfoToStream(stream, "g")).orElseThrow().getConnections())
                .singleElement()
                .satisfies(c -> assertThat(c.getInFlightMessages()).isEqualTo(3));
        subscription.stop();
    }

    @Test
    void roundRobinSpreadsMessagesOverConsumers() throws Exception {
        String stream = newStream("rr");
        result(persistent.createToStream(
                stream, "g", fromStart().namedConsumerStrategy(NamedConsumerStrategy.ROUND_ROBIN)));
        PersistentRecorder first = PersistentRecorder.acking();
        PersistentRecorder second = PersistentRecorder.acking();
        PersistentSubscription a = subscribe(stream, "g", first, 10);
        PersistentSubscription b = subscribe(stream, "g", second, 10);
        result(client.appendToStream(stream, jsonEvents(20)));
        await().atMost(WAIT).until(() -> first.deliveries.size() + second.deliveries.size() == 20);
        a.stop();
        b.stop();
        assertThat(first.deliveries).isNotEmpty();
        assertThat(second.deliveries).isNotEmpty();
    }

    @Test
    void dispatchToSingleSendsEverythingToTheFirstConsumerWhileItHasRoom() throws Exception {
        String stream = newStream("single");
        result(persistent.createToStream(
                stream, "g", fromStart().namedConsumerStrategy(NamedConsumerStrategy.DISPATCH_TO_SINGLE)));
        PersistentRecorder first = PersistentRecorder.acking();
        PersistentRecorder second = PersistentRecorder.acking();
        PersistentSubscription a = subscribe(stream, "g", first, 50);
        PersistentSubscription b = subscribe(stream, "g", second, 50);
        result(client.appendToStream(stream, jsonEvents(10)));
        await().atMost(WAIT).until(() -> first.deliveries.size() == 10);
        a.stop();
        b.stop();
        assertThat(second.deliveries).isEmpty();
    }

    @Test
    void pinnedKeepsEachStreamOnOneConsumerInOrder() throws Exception {
        String prefix = "pinned-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String group = groupName();
        result(persistent.createToAll(
                group,
                CreatePersistentSubscriptionToAllOptions.get()
                        .fromEnd()
                        .filter(SubscriptionFilter.newBuilder()
                                .addStreamNamePrefix(prefix)
                                .build())
                        .namedConsumerStrategy(NamedConsumerStrategy.PINNED)));
        PersistentRecorder first = PersistentRecorder.acking();
        PersistentRecorder second = PersistentRecorder.acking();
        PersistentSubscription a = result(persistent.subscribeToAll(
                group, SubscribePersistentSubscriptionOptions.get().bufferSize(10), first));
        PersistentSubscription b = result(persistent.subscribeToAll(
                group, SubscribePersistentSubscriptionOptions.get().bufferSize(10), second));
        await().atMost(WAIT).until(() -> first.confirmed && second.confirmed);
        for (int round = 0; round < 5; round++) {
            for (int s = 0; s < 8; s++) {
                result(client.appendToStream(prefix + "-" + s, jsonEvents(1)));
            }
        }
        await().atMost(WAIT).until(() -> first.deliveries.size() + second.deliveries.size() == 40);
        a.stop();
        b.stop();
        Set<String> onFirst = first.deliveries.stream()
                .map(PersistentRecorder.Delivery::stream)
                .collect(Collectors.toSet());
        Set<String> onSecond = second.deliveries.stream()
                .map(PersistentRecorder.Delivery::stream)
                .collect(Collectors.toSet());
        assertThat(onFirst).doesNotContainAnyElementsOf(onSecond);
        for (PersistentRecorder recorder : List.of(first, second)) {
            Map<String, List<Long>> perStream = recorder.deliveries.stream()
                    .collect(Collectors.groupingBy(
                            PersistentRecorder.Delivery::stream,
                            Collectors.mapping(PersistentRecorder.Delivery::revision, Collectors.toList())));
            perStream.values().forEach(revisions -> assertThat(revisions).containsExactly(0L, 1L, 2L, 3L, 4L));
        }
    }

    @Test
    void theMaximumSubscriberCountIsEnforced() throws Exception {
        String stream = newStream("max");
        result(persistent.createToStream(stream, "g", fromStart().maxSubscriberCount(1)));
        PersistentSubscription first = subscribe(stream, "g", PersistentRecorder.acking(), 10);
        PersistentRecorder refused = PersistentRecorder.acking();
        persistent.subscribeToStream(stream, "g", refused);
        await().atMost(WAIT).until(() -> refused.cancelled);
        assertThat(status(refused.cancelledWith).getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        first.stop();
    }

    @Test
    void deletingOrUpdatingAGroupDropsItsConsumers() throws Exception {
        String stream = newStream("drop");
        result(persistent.createToStream(stream, "g", fromStart()));
        PersistentRecorder updated = PersistentRecorder.acking();
        subscribe(stream, "g", updated, 10);
        result(persistent.updateToStream(
                stream, "g", UpdatePersistentSubscriptionToStreamOptions.get().maxRetryCount(3)));
        await().atMost(WAIT).until(() -> updated.cancelled);
        assertThat(result(persistent.getInfoToStream(stream, "g"))
                        .orElseThrow()
                        .getSettings()
                        .getMaxRetryCount())
                .isEqualTo(3);

        PersistentRecorder deleted = PersistentRecorder.acking();
        subscribe(stream, "g", deleted, 10);
        result(persistent.deleteToStream(stream, "g"));
        await().atMost(WAIT).until(() -> deleted.cancelled);
        assertThat(result(persistent.getInfoToStream(stream, "g"))).isEmpty();
    }

    @Test
    void aGroupOnATombstonedStreamDropsItsConsumers() throws Exception {
        String stream = newStream("gone");
        result(client.appendToStream(stream, jsonEvents(1)));
        result(client.tombstoneStream(stream, DeleteStreamOptions.get()));
        result(persistent.createToStream(stream, "g", fromStart()));
        PersistentRecorder recorder = PersistentRecorder.acking();
        persistent.subscribeToStream(stream, "g", recorder);
        await().atMost(WAIT).until(() -> recorder.cancelled);
        assertThat(recorder.deliveries).isEmpty();
    }

    @Test
    void aConsumerKilledMidStreamLeavesNoEventUndeliveredAndAckedOnesStayDone() throws Exception {
        String stream = newStream("killed");
        result(client.appendToStream(stream, jsonEvents(30)));
        result(persistent.createToStream(
                stream, "g", fromStart().namedConsumerStrategy(NamedConsumerStrategy.ROUND_ROBIN)));
        PersistentRecorder victim = new PersistentRecorder(
                (event, retry) -> event.getEvent().getRevision() < 10 ? Answer.ACK : Answer.NOTHING);
        PersistentSubscription killed = subscribe(stream, "g", victim, 15);
        // Ten acked, and then as many unacked as its buffer holds: 15 in flight when it dies.
        await().atMost(WAIT).until(() -> victim.deliveries.size() == 25);
        killed.stop();
        PersistentRecorder survivor = PersistentRecorder.acking();
        PersistentSubscription next = subscribe(stream, "g", survivor, 50);
        await().atMost(WAIT).until(() -> survivor.deliveries.size() >= 20);
        Thread.sleep(300);
        next.stop();
        Set<Long> acked = LongStream.range(0, 10).boxed().collect(Collectors.toSet());
        Set<Long> redelivered = new HashSet<>(survivor.revisions());
        assertThat(redelivered).doesNotContainAnyElementsOf(acked);
        assertThat(redelivered).containsAll(LongStream.range(10, 30).boxed().toList());
    }

    @Test
    void afterARestartOfTheSubsystemDeliveryResumesFromTheLastCheckpoint() throws Exception {
        String stream = newStream("restart");
        result(client.appendToStream(stream, jsonEvents(10)));
        result(persistent.createToStream(stream, "g", fromStart()));
        PersistentRecorder before = PersistentRecorder.acking();
        PersistentSubscription first = subscribe(stream, "g", before, 20);
        await().atMost(WAIT).until(() -> before.deliveries.size() == 10);
        await().atMost(WAIT)
                .until(() -> result(persistent.getInfoToStream(stream, "g"))
                                .orElseThrow()
                                .getStats()
                                .getLastCheckpointedEventRevision()
                                .orElse(-1L)
                        == 9L);
        first.stop();
        result(persistent.restartSubsystem());
        result(client.appendToStream(stream, jsonEvents(3)));
        PersistentRecorder after = PersistentRecorder.acking();
        PersistentSubscription second = subscribe(stream, "g", after, 20);
        await().atMost(WAIT).until(() -> after.deliveries.size() == 3);
        Thread.sleep(300);
        second.stop();
        assertThat(after.revisions()).containsExactly(10L, 11L, 12L);
    }

    @Test
    void afterAServerRestartOverTheSameStoreDeliveryResumesFromTheLastCheckpoint() throws Exception {
        assumeEmbedded();
        EmbeddedKurrentDb own = EmbeddedKurrentDb.start(EmbeddedKurrentDb.Options.defaults());
        try {
            var ownClient = connect(own.connectionString());
            var ownPersistent = KurrentDBPersistentSubscriptionsClient.from(ownClient);
            result(ownClient.appendToStream("restarted", jsonEvents(6)));
            result(ownPersistent.createToStream("restarted", "g", fromStart()));
            PersistentRecorder before = new PersistentRecorder(
                    (event, retry) -> event.getEvent().getRevision() < 4 ? Answer.ACK : Answer.NOTHING);
            result(ownPersistent.subscribeToStream(
                    "restarted",
                    "g",
                    SubscribePersistentSubscriptionOptions.get().bufferSize(10),
                    before));
            await().atMost(WAIT)
                    .until(() -> result(ownPersistent.getInfoToStream("restarted", "g"))
                                    .orElseThrow()
                                    .getStats()
                                    .getLastCheckpointedEventRevision()
                                    .orElse(-1L)
                            == 3L);
            ownClient.shutdown().get();

            own = own.restart();
            var afterClient = connect(own.connectionString());
            var afterPersistent = KurrentDBPersistentSubscriptionsClient.from(afterClient);
            PersistentRecorder after = PersistentRecorder.acking();
            result(afterPersistent.subscribeToStream(
                    "restarted",
                    "g",
                    SubscribePersistentSubscriptionOptions.get().bufferSize(10),
                    after));
            await().atMost(WAIT).until(() -> after.deliveries.size() == 2);
            assertThat(after.revisions()).containsExactly(4L, 5L);
            afterClient.shutdown().get();
        } finally {
            own.close();
        }
    }

    @Test
    void pinnedByCorrelationKeepsACorrelationOnOneConsumer() throws Exception {
        String prefix = "corr-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String group = groupName();
        result(persistent.createToAll(
                group,
                CreatePersistentSubscriptionToAllOptions.get()
                        .fromEnd()
                        .filter(SubscriptionFilter.newBuilder()
                                .addStreamNamePrefix(prefix)
                                .build())
                        .namedConsumerStrategy(NamedConsumerStrategy.PINNED_BY_CORRELATION)));
        PersistentRecorder first = PersistentRecorder.acking();
        PersistentRecorder second = PersistentRecorder.acking();
        PersistentSubscription a =
                result(persistent.subscribeToAll(group, SubscribePersistentSubscriptionOptions.get(), first));
        PersistentSubscription b =
                result(persistent.subscribeToAll(group, SubscribePersistentSubscriptionOptions.get(), second));
        await().atMost(WAIT).until(() -> first.confirmed && second.confirmed);
        for (int s = 0; s < 12; s++) {
            // Every stream carries one of two correlation ids; each correlation must stay on one consumer.
            String metadata = "{\"$correlationId\":\"saga-" + (s % 2) + "\"}";
            result(client.appendToStream(
                    prefix + "-" + s,
                    io.kurrent.dbclient.EventDataBuilder.json("Step", "{}".getBytes())
                            .metadataAsBytes(metadata.getBytes())
                            .build()));
        }
        await().atMost(WAIT).until(() -> first.deliveries.size() + second.deliveries.size() == 12);
        a.stop();
        b.stop();
        Set<Long> parityOnFirst = first.deliveries.stream()
                .map(d -> Long.parseLong(d.stream().substring(d.stream().lastIndexOf('-') + 1)) % 2)
                .collect(Collectors.toSet());
        Set<Long> parityOnSecond = second.deliveries.stream()
                .map(d -> Long.parseLong(d.stream().substring(d.stream().lastIndexOf('-') + 1)) % 2)
                .collect(Collectors.toSet());
        assertThat(parityOnFirst).doesNotContainAnyElementsOf(parityOnSecond);
    }

    /** KurrentDB's RequestStatistics: push-to-ack latencies per connection, summarised under its keys. */
    @Test
    void withExtraStatisticsEachConnectionReportsItsLatencies() throws Exception {
        String stream = newStream("latency");
        result(client.appendToStream(stream, jsonEvents(20)));
        result(persistent.createToStream(stream, "measured", fromStart().enableExtraStatistics()));
        result(persistent.createToStream(stream, "plain", fromStart()));
        PersistentRecorder measured = PersistentRecorder.acking();
        PersistentRecorder plain = PersistentRecorder.acking();
        PersistentSubscription first = subscribe(stream, "measured", measured, 10);
        PersistentSubscription second = subscribe(stream, "plain", plain, 10);
        await().atMost(WAIT).until(() -> measured.deliveries.size() == 20 && plain.deliveries.size() == 20);

        Map<String, Long> observed = await().atMost(WAIT)
                .until(
                        () -> result(persistent.getInfoToStream(stream, "measured"))
                                .orElseThrow()
                                .getConnections()
                                .get(0)
                                .getExtraStatistics(),
                        statistics -> statistics.containsKey("Highest"));
        first.stop();
        second.stop();
        assertThat(observed)
                .containsOnlyKeys(
                        "Mean",
                        "Median",
                        "Fastest",
                        "Quintile 1",
                        "Quintile 2",
                        "Quintile 3",
                        "Quintile 4",
                        "Quintile 5",
                        "90%",
                        "95%",
                        "99%",
                        "99.5%",
                        "99.9%",
                        "Highest");
        assertThat(observed.get("Fastest")).isNotNegative().isLessThanOrEqualTo(observed.get("Median"));
        assertThat(observed.get("Median")).isLessThanOrEqualTo(observed.get("Highest"));
        // The server's first quintile is the 0th percentile, the fastest.
        assertThat(observed.get("Quintile 1")).isEqualTo(observed.get("Fastest"));
        assertThat(observed.get("99.9%")).isEqualTo(observed.get("Highest"));
        assertThat(result(persistent.getInfoToStream(stream, "plain"))
                        .orElseThrow()
                        .getConnections())
                .allSatisfy(connection ->
                        assertThat(connection.getExtraStatistics()).isEmpty());
    }

    @Test
    void infoAndListReportSettingsConnectionsAndPositions() throws Exception {
        String stream = newStream("info");
        result(client.appendToStream(stream, jsonEvents(4)));
        result(persistent.createToStream(
                stream,
                "g",
                fromStart()
                        .maxRetryCount(7)
                        .liveBufferSize(123)
                        .readBatchSize(11)
                        .namedConsumerStrategy(NamedConsumerStrategy.PINNED)));
        PersistentRecorder recorder = PersistentRecorder.acking();
        PersistentSubscription subscription = subscribe(stream, "g", recorder, 10);
        await().atMost(WAIT).until(() -> recorder.deliveries.size() == 4);
        PersistentSubscriptionToStreamInfo info =
                result(persistent.getInfoToStream(stream, "g")).orElseThrow();
        assertThat(info.getEventSource()).isEqualTo(stream);
        assertThat(info.getSettings().getMaxRetryCount()).isEqualTo(7);
        assertThat(info.getSettings().getLiveBufferSize()).isEqualTo(123);
        assertThat(info.getSettings().getReadBatchSize()).isEqualTo(11);
        assertThat(info.getSettings().getNamedConsumerStrategy().toString())
                .isEqualTo(NamedConsumerStrategy.PINNED.toString());
        assertThat(info.getStats().getLastKnownEventRevision()).contains(3L);
        assertThat(info.getStats().getTotalItems()).isEqualTo(4);
        assertThat(info.getConnections())
                .singleElement()
                .satisfies(c -> assertThat(c.getFrom()).contains("127.0.0.1"));
        assertThat(result(persistent.listToStream(stream)))
                .singleElement()
                .satisfies(i -> assertThat(i.getGroupName()).isEqualTo("g"));
        assertThat(result(persistent.listAll()))
                .anyMatch(i -> i.getEventSource().equals(stream));
        subscription.stop();
    }

    @Test
    void anAllGroupWithAFilterDeliversOnlyMatchingStreams() throws Exception {
        String prefix = "allps-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String group = groupName();
        result(persistent.createToAll(
                group,
                CreatePersistentSubscriptionToAllOptions.get()
                        .fromEnd()
                        .filter(SubscriptionFilter.newBuilder()
                                .addStreamNamePrefix(prefix)
                                .build())));
        result(client.appendToStream(newStream("other"), jsonEvents(3)));
        result(client.appendToStream(prefix + "-a", jsonEvents(2)));
        PersistentRecorder recorder = PersistentRecorder.acking();
        PersistentSubscription subscription =
                result(persistent.subscribeToAll(group, SubscribePersistentSubscriptionOptions.get(), recorder));
        await().atMost(WAIT).until(() -> recorder.deliveries.size() == 2);
        Thread.sleep(200);
        subscription.stop();
        assertThat(recorder.deliveries)
                .extracting(PersistentRecorder.Delivery::stream)
                .containsOnly(prefix + "-a");
    }
}
