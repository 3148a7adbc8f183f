package dev.orderlog.devservices.kurrentdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kurrent.dbclient.CreatePersistentSubscriptionToAllOptions;
import io.kurrent.dbclient.KurrentDBPersistentSubscriptionsClient;
import io.kurrent.dbclient.NamedConsumerStrategy;
import io.kurrent.dbclient.PersistentSubscription;
import io.kurrent.dbclient.SubscribePersistentSubscriptionOptions;
import io.kurrent.dbclient.SubscriptionFilter;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Pinned strategy moves as few streams as KurrentDB's PinnedConsumerState does: a consumer that joins takes only
 * the surplus above the fair share, preferring streams with nothing in flight; one that leaves gives up only its own
 * streams, each to the consumer with the fewest on its next event.
 */
class PinnedRebalancingConformanceTest extends EmbeddedServerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static KurrentDBPersistentSubscriptionsClient persistent;

    @BeforeAll
    static void persistentClient() {
        persistent = KurrentDBPersistentSubscriptionsClient.from(client);
    }

    /**
     * A group on {@code $all} for {@code count} streams named {@code <prefix>-<n>}, and the stream names: chosen so no two
     * share a bucket of the embedded server's (two streams in one bucket always move together).
     */
    private static List<String> pinnedGroup(String group, String prefix, int count) throws Exception {
        result(persistent.createToAll(
                group,
                CreatePersistentSubscriptionToAllOptions.get()
                        .fromEnd()
                        .filter(SubscriptionFilter.newBuilder()
                                .withStreamNameRegularExpression("^" + prefix + "-")
                                .build())
                        .namedConsumerStrategy(NamedConsumerStrategy.PINNED)));
        Set<Integer> buckets = new HashSet<>();
        return IntStream.range(0, 1_000)
                .mapToObj(n -> prefix + "-" + n)
                .filter(stream -> buckets.add((stream.hashCode() & Integer.MAX_VALUE) % 1024))
                .limit(count)
                .toList();
    }

    private static PersistentSubscription join(String group, PersistentRecorder recorder) throws Exception {
        PersistentSubscription subscription = result(persistent.subscribeToAll(
                group, SubscribePersistentSubscriptionOptions.get().bufferSize(10), recorder));
        await().atMost(WAIT).until(() -> recorder.confirmed);
        return subscription;
    }

    /** Appends one event to every stream and answers which consumer received each. */
    private static Map<String, PersistentRecorder> round(List<String> streams, List<PersistentRecorder> consumers)
            throws Exception {
        Map<PersistentRecorder, Integer> before = new HashMap<>();
        consumers.forEach(recorder -> before.put(recorder, recorder.deliveries.size()));
        int total = before.values().stream().mapToInt(Integer::intValue).sum();
        for (String stream : streams) {
            result(client.appendToStream(stream, jsonEvents(1)));
        }
        await().atMost(WAIT)
                .until(() -> consumers.stream()
                                .mapToInt(recorder -> recorder.deliveries.size())
                                .sum()
                        == total + streams.size());
        Map<String, PersistentRecorder> owners = new HashMap<>();
        for (PersistentRecorder recorder : consumers) {
            for (PersistentRecorder.Delivery delivery :
                    recorder.deliveries.subList(before.get(recorder), recorder.deliveries.size())) {
                owners.put(delivery.stream(), recorder);
            }
        }
        return owners;
    }

    private static Set<String> ownedBy(Map<String, PersistentRecorder> owners, PersistentRecorder consumer) {
        return owners.entrySet().stream()
                .filter(entry -> entry.getValue() == consumer)
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    @Test
    void joiningTakesOnlyTheSurplusAndLeavingGivesUpOnlyItsOwnStreams() throws Exception {
        String group = "pinned-rebalance-" + UUID.randomUUID();
        List<String> streams =
                pinnedGroup(group, "rebal-" + UUID.randomUUID().toString().substring(0, 8), 6);
        PersistentRecorder a = PersistentRecorder.acking();
        PersistentRecorder b = PersistentRecorder.acking();
        PersistentRecorder c = PersistentRecorder.acking();
        PersistentSubscription first = join(group, a);
        assertThat(ownedBy(round(streams, List.of(a)), a)).hasSize(6);

        PersistentSubscription second = join(group, b);
        Map<String, PersistentRecorder> afterB = round(streams, List.of(a, b));
        Set<String> keptByA = ownedBy(afterB, a);
        Set<String> takenByB = ownedBy(afterB, b);
        assertThat(keptByA).hasSize(3);
        assertThat(takenByB).hasSize(3);

        PersistentSubscription third = join(group, c);
        Map<String, PersistentRecorder> afterC = round(streams, List.of(a, b, c));
        // Fair share 2: A and B each give up one stream, to C; nothing else moves.
        assertThat(ownedBy(afterC, c)).hasSize(2);
        assertThat(keptByA)
                .containsAll(ownedBy(afterC, a))
                .hasSize(ownedBy(afterC, a).size() + 1);
        assertThat(takenByB)
                .containsAll(ownedBy(afterC, b))
                .hasSize(ownedBy(afterC, b).size() + 1);

        Set<String> leftByC = ownedBy(afterC, c);
        third.stop();
        await().atMost(WAIT)
                .until(() -> result(persistent.getInfoToAll(group))
                                .orElseThrow()
                                .getConnections()
                                .size()
                        == 2);
        Map<String, PersistentRecorder> afterCLeft = round(streams, List.of(a, b, c));
        assertThat(ownedBy(afterCLeft, a)).containsAll(ownedBy(afterC, a));
        assertThat(ownedBy(afterCLeft, b)).containsAll(ownedBy(afterC, b));
        // C's two streams went to whoever had the fewest at each one's next event: one each.
        Set<String> toA = new HashSet<>(ownedBy(afterCLeft, a));
        toA.retainAll(leftByC);
        Set<String> toB = new HashSet<>(ownedBy(afterCLeft, b));
        toB.retainAll(leftByC);
        assertThat(toA).hasSize(1);
        assertThat(toB).hasSize(1);
        first.stop();
        second.stop();
    }

    @Test
    void aJoiningConsumerTakesTheStreamsWithNothingInFlightFirst() throws Exception {
        String group = "pinned-idle-" + UUID.randomUUID();
        List<String> streams =
                pinnedGroup(group, "idle-" + UUID.randomUUID().toString().substring(0, 8), 4);
        Set<String> busy = Set.of(streams.get(0), streams.get(1));
        // A leaves the messages of two streams unacknowledged: they stay in flight.
        PersistentRecorder a = new PersistentRecorder(
                (event, retry) -> busy.contains(event.getEvent().getStreamId())
                        ? PersistentRecorder.Answer.NOTHING
                        : PersistentRecorder.Answer.ACK);
        PersistentRecorder b = PersistentRecorder.acking();
        PersistentSubscription first = join(group, a);
        round(streams, List.of(a));

        PersistentSubscription second = join(group, b);
        Map<String, PersistentRecorder> owners = round(streams, List.of(a, b));
        assertThat(ownedBy(owners, b)).containsExactlyInAnyOrder(streams.get(2), streams.get(3));
        assertThat(ownedBy(owners, a)).containsExactlyInAnyOrderElementsOf(busy);
        first.stop();
        second.stop();
    }

    @Test
    void aConsumerJoiningAfterAnotherLeftSharesWhatIsStillAssigned() throws Exception {
        String group = "pinned-after-leave-" + UUID.randomUUID();
        List<String> streams =
                pinnedGroup(group, "after-" + UUID.randomUUID().toString().substring(0, 8), 4);
        PersistentRecorder a = PersistentRecorder.acking();
        PersistentRecorder b = PersistentRecorder.acking();
        PersistentRecorder c = PersistentRecorder.acking();
        PersistentSubscription first = join(group, a);
        round(streams, List.of(a));
        PersistentSubscription second = join(group, b);
        Map<String, PersistentRecorder> beforeLeaving = round(streams, List.of(a, b));
        Set<String> keptByA = ownedBy(beforeLeaving, a);
        Set<String> leftByB = ownedBy(beforeLeaving, b);
        second.stop();
        await().atMost(WAIT)
                .until(() -> result(persistent.getInfoToAll(group))
                                .orElseThrow()
                                .getConnections()
                                .size()
                        == 1);

        // B's two streams wait unassigned; of the two still assigned, A keeps its fair share of one and C takes the
        // other.
        PersistentSubscription third = join(group, c);
        Map<String, PersistentRecorder> owners = round(streams, List.of(a, b, c));
        Set<String> cFromA = new HashSet<>(ownedBy(owners, c));
        cFromA.retainAll(keptByA);
        Set<String> cFromB = new HashSet<>(ownedBy(owners, c));
        cFromB.retainAll(leftByB);
        assertThat(cFromA).hasSize(1);
        assertThat(cFromB).hasSize(1);
        assertThat(ownedBy(owners, b)).isEmpty();
        first.stop();
        third.stop();
    }
}
