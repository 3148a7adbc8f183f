package dev.orderlog.devservices.kurrentdb.persistent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which consumer owns which bucket under the Pinned strategies, kept as KurrentDB keeps it (PinnedConsumerState):
 * a bucket is assigned on its first push to the connected consumer with the fewest buckets; a consumer that joins takes
 * from each consumer above the fair share only the surplus, the buckets with the fewest messages in flight first; a
 * consumer that leaves releases its buckets, which go one by one, on their next push, to whoever has the fewest. No
 * other bucket moves. Called under the group's lock.
 */
final class PinnedBuckets {
    static final int COUNT = 1024;

    private enum State {
        UNASSIGNED,
        ASSIGNED,
        DISCONNECTED
    }

    /** A consumer and the number of buckets it owns; a consumer that left stays until its buckets have moved on. */
    private static final class Node {
        final PersistentConsumer consumer;
        int buckets;
        boolean connected = true;

        Node(PersistentConsumer consumer) {
            this.consumer = consumer;
        }
    }

    private final State[] states = new State[COUNT];
    private final Node[] owners = new Node[COUNT];
    private final int[] inFlight = new int[COUNT];
    private final List<Node> nodes = new ArrayList<>();
    private int assigned;

    PinnedBuckets() {
        java.util.Arrays.fill(states, State.UNASSIGNED);
    }

    void add(PersistentConsumer consumer) {
        Node joining = new Node(consumer);
        nodes.add(joining);
        long connected = nodes.stream().filter(node -> node.connected).count();
        int fairShare = (int) Math.ceil((double) assigned / connected);
        for (Node node : nodes) {
            if (node == joining || !node.connected || node.buckets <= fairShare) {
                continue;
            }
            int surplus = node.buckets - fairShare;
            List<Integer> theirs = new ArrayList<>();
            for (int bucket = 0; bucket < COUNT; bucket++) {
                if (owners[bucket] == node && states[bucket] == State.ASSIGNED) {
                    theirs.add(bucket);
                }
            }
            theirs.sort(Comparator.comparingInt(bucket -> inFlight[bucket]));
            for (int bucket : theirs.subList(0, Math.min(surplus, theirs.size()))) {
                owners[bucket] = joining;
                node.buckets--;
                joining.buckets++;
            }
        }
        nodes.removeIf(node -> !node.connected && node.buckets == 0);
    }

    void remove(PersistentConsumer consumer) {
        for (Node node : nodes) {
            if (node.consumer == consumer && node.connected) {
                node.connected = false;
                // Its buckets count as unassigned for the fair share until they are pushed again.
                assigned -= node.buckets;
            }
        }
        for (int bucket = 0; bucket < COUNT; bucket++) {
            if (owners[bucket] != null && owners[bucket].consumer == consumer && states[bucket] == State.ASSIGNED) {
                states[bucket] = State.DISCONNECTED;
                inFlight[bucket] = 0;
            }
        }
    }

    /** The bucket's owner, assigning it first when it has none; null when no consumer is connected. */
    PersistentConsumer ownerOf(int bucket) {
        if (states[bucket] != State.ASSIGNED) {
            Node least = null;
            for (Node node : nodes) {
                if (node.connected && (least == null || node.buckets < least.buckets)) {
                    least = node;
                }
            }
            if (least == null) {
                return null;
            }
            if (states[bucket] == State.DISCONNECTED) {
                owners[bucket].buckets--;
            }
            assigned++;
            owners[bucket] = least;
            least.buckets++;
            states[bucket] = State.ASSIGNED;
        }
        return owners[bucket].consumer;
    }

    void sent(int bucket) {
        inFlight[bucket]++;
    }

    /** A message of the bucket was acked, nacked or timed out; only its current owner's confirmations count. */
    void confirmed(int bucket, PersistentConsumer consumer) {
        if (states[bucket] == State.ASSIGNED && owners[bucket].consumer == consumer && inFlight[bucket] > 0) {
            inFlight[bucket]--;
        }
    }
}
