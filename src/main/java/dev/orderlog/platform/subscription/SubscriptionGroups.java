package dev.orderlog.platform.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.platform.kurrentdb.StreamReads;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.kurrent.dbclient.CreatePersistentSubscriptionToAllOptions;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.KurrentDBPersistentSubscriptionsClient;
import io.kurrent.dbclient.NamedConsumerStrategy;
import io.kurrent.dbclient.PersistentSubscriptionSettings;
import io.kurrent.dbclient.PersistentSubscriptionToAllInfo;
import io.kurrent.dbclient.Position;
import io.kurrent.dbclient.ReadAllOptions;
import io.kurrent.dbclient.RecordedEvent;
import io.kurrent.dbclient.ResolvedEvent;
import io.kurrent.dbclient.SubscriptionFilter;
import io.kurrent.dbclient.UpdatePersistentSubscriptionToAllOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/** The server side of persistent subscription groups on {@code $all}: ensure their settings, measure their lag, list and replay what they parked. */
public final class SubscriptionGroups {
    private static final Logger LOG = Logger.getLogger(SubscriptionGroups.class);
    private static final int SETTLE_LOOKS = 3;
    private static final Duration SETTLE_PAUSE = Duration.ofMillis(300);
    /** How far past a group's checkpoint its oldest unhandled event is looked for. */
    private static final int LAG_READ = 256;

    private final KurrentDBClient client;
    private final KurrentDBPersistentSubscriptionsClient subscriptions;
    private final StreamReads reads;
    private final ObjectMapper json;

    public SubscriptionGroups(KurrentDBClient client, ObjectMapper json) {
        this.client = client;
        this.subscriptions = KurrentDBPersistentSubscriptionsClient.from(client);
        this.reads = new StreamReads(client);
        this.json = json;
    }

    KurrentDBPersistentSubscriptionsClient client() {
        return subscriptions;
    }

    /**
     * Creates the group (Pinned, from its configured start, filtered to {@code streamRegex}) when it is missing, then brings its
     * settings to {@code wanted} when any differs; its checkpoint stays. Replicas racing to create it all succeed.
     */
    void ensure(String group, String streamRegex, GroupSettings wanted)
            throws ExecutionException, InterruptedException {
        Optional<PersistentSubscriptionToAllInfo> info =
                subscriptions.getInfoToAll(group).get();
        boolean created = false;
        if (info.isEmpty()) {
            try {
                CreatePersistentSubscriptionToAllOptions create = CreatePersistentSubscriptionToAllOptions.get();
                subscriptions
                        .createToAll(
                                group,
                                (wanted.startFrom() == GroupSettings.StartFrom.END
                                                ? create.fromEnd()
                                                : create.fromStart())
                                        .filter(SubscriptionFilter.newBuilder()
                                                .withStreamNameRegularExpression(streamRegex)
                                                .build())
                                        .namedConsumerStrategy(NamedConsumerStrategy.PINNED))
                        .get();
                created = true;
                LOG.infof("Created persistent subscription group %s on $all for %s", group, streamRegex);
            } catch (ExecutionException raced) {
                if (!(raced.getCause() instanceof StatusRuntimeException status
                        && status.getStatus().getCode() == Status.Code.ALREADY_EXISTS)) {
                    throw raced;
                }
            }
            info = subscriptions.getInfoToAll(group).get();
        }
        // An update drops the group's consumers: when a replica that started at the same time created the group, its
        // own update of the settings is awaited here rather than made a second time.
        for (int look = 0;
                !created
                        && look < SETTLE_LOOKS
                        && info.isPresent()
                        && !matches(info.get().getSettings(), wanted);
                look++) {
            Thread.sleep(SETTLE_PAUSE);
            info = subscriptions.getInfoToAll(group).get();
        }
        if (info.isEmpty() || !matches(info.get().getSettings(), wanted)) {
            subscriptions.updateToAll(group, withSettings(wanted)).get();
            LOG.infof("Brought persistent subscription group %s to the configured settings", group);
        }
    }

    /** The one mapping of our settings onto the server's; the start applies to a group with no checkpoint yet. */
    private static UpdatePersistentSubscriptionToAllOptions withSettings(GroupSettings wanted) {
        UpdatePersistentSubscriptionToAllOptions update = UpdatePersistentSubscriptionToAllOptions.get();
        return (wanted.startFrom() == GroupSettings.StartFrom.END ? update.fromEnd() : update.fromStart())
                .namedConsumerStrategy(NamedConsumerStrategy.PINNED)
                .maxRetryCount(wanted.maxRetryCount())
                .messageTimeout(wanted.messageTimeout())
                .checkpointAfter(wanted.checkpointAfter())
                .checkpointLowerBound(wanted.checkpointLowerBound())
                .checkpointUpperBound(wanted.checkpointUpperBound())
                .liveBufferSize(wanted.liveBufferSize())
                .readBatchSize(wanted.readBatchSize())
                .historyBufferSize(wanted.historyBufferSize())
                .maxSubscriberCount(wanted.maxSubscriberCount());
    }

    /** The one comparison of the server's settings with ours. */
    private static boolean matches(PersistentSubscriptionSettings current, GroupSettings wanted) {
        return NamedConsumerStrategy.PINNED
                        .toString()
                        .equals(current.getNamedConsumerStrategy().toString())
                && current.getMaxRetryCount() == wanted.maxRetryCount()
                && current.getMessageTimeoutMs() == wanted.messageTimeout().toMillis()
                && current.getCheckpointAfterInMs() == wanted.checkpointAfter().toMillis()
                && current.getCheckpointLowerBound() == wanted.checkpointLowerBound()
                && current.getCheckpointUpperBound() == wanted.checkpointUpperBound()
                && current.getLiveBufferSize() == wanted.liveBufferSize()
                && current.getReadBatchSize() == wanted.readBatchSize()
                && current.getHistoryBufferSize() == wanted.historyBufferSize()
                && current.getMaxSubscriberCount() == wanted.maxSubscriberCount();
    }

    /** The one place lag is computed, for health, metrics and admin alike. */
    public Lag lag(String group, String streamRegex, ConsumerReport consumer) {
        try {
            Optional<PersistentSubscriptionToAllInfo> info =
                    subscriptions.getInfoToAll(group).get(2, TimeUnit.SECONDS);
            if (info.isEmpty()) {
                return Lag.UNKNOWN;
            }
            var stats = info.get().getStats();
            long behind = stats.getLiveBufferCount()
                    + stats.getRetryBufferCount()
                    + stats.getTotalInFlightMessages()
                    + consumer.queued();
            double seconds =
                    behind == 0 ? 0 : secondsBehind(consumer, stats.getLastCheckpointedEventPosition(), streamRegex);
            return new Lag(true, behind, seconds, stats.getParkedMessageCount());
        } catch (ExecutionException | TimeoutException unavailable) {
            return Lag.UNKNOWN;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Lag.UNKNOWN;
        }
    }

    /**
     * The age of the oldest event not handled yet. A subscribed consumer measures what it holds: the server pushes it
     * what is its own up to its buffer, so what the group holds back waits for another replica, which reports that
     * (dashboards take the max over replicas). A consumer not subscribed measures from the first event of its streams
     * past the group's checkpoint; the checkpoint may trail by up to its lower bound of events already handled, so
     * this errs old, never young. Without a checkpoint, or when that read fails, the age of the last event it handled
     * stands in (the next is no older), or, before any, the time since it started.
     */
    private double secondsBehind(ConsumerReport consumer, Optional<Position> checkpoint, String streamRegex) {
        Instant oldest;
        if (consumer.oldestPendingAt() != null) {
            oldest = consumer.oldestPendingAt();
        } else if (consumer.status() == ConsumerStatus.RUNNING) {
            return 0;
        } else {
            oldest = checkpoint
                    .flatMap(position -> firstPast(position, streamRegex))
                    .orElse(consumer.lastRecordedAt() != null ? consumer.lastRecordedAt() : consumer.startedAt());
        }
        return Math.max(0, Duration.between(oldest, Instant.now()).toMillis() / 1000.0);
    }

    /**
     * When the first event past {@code checkpoint} in the group's streams was appended; if none is among the next
     * {@link #LAG_READ} events of $all, the first of those (older still, so the figure errs old); empty when the read
     * fails or finds nothing.
     */
    private Optional<Instant> firstPast(Position checkpoint, String streamRegex) {
        try {
            List<RecordedEvent> next = client
                    .readAll(ReadAllOptions.get()
                            .forwards()
                            .fromPosition(checkpoint)
                            .maxCount(LAG_READ))
                    .get(2, TimeUnit.SECONDS)
                    .getEvents()
                    .stream()
                    .map(ResolvedEvent::getOriginalEvent)
                    .filter(event -> !event.getPosition().equals(checkpoint))
                    .toList();
            Pattern streams = Pattern.compile(streamRegex);
            return next.stream()
                    .filter(event -> streams.matcher(event.getStreamId()).find())
                    .findFirst()
                    .or(() -> next.stream().findFirst())
                    .map(RecordedEvent::getCreated);
        } catch (ExecutionException | TimeoutException unread) {
            return Optional.empty();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Parked events with the reason the server recorded, oldest first. */
    public List<ParkedEvent> parked(String group) {
        List<ParkedEvent> parked = new ArrayList<>();
        for (RecordedEvent link : reads.from(parkedStreamOf(group), 0)) {
            // A parked message is a link: "<revision>@<stream>".
            String[] target = new String(link.getEventData(), StandardCharsets.UTF_8).split("@", 2);
            if (target.length != 2) {
                continue;
            }
            long revision = Long.parseLong(target[0]);
            List<RecordedEvent> original = reads.range(target[1], revision, 1);
            parked.add(new ParkedEvent(
                    link.getRevision(),
                    target[1],
                    revision,
                    original.isEmpty() ? null : original.getFirst().getEventType(),
                    original.isEmpty() ? null : original.getFirst().getCreated(),
                    reasonOf(link)));
        }
        return parked;
    }

    /** Sends every parked event of the group back to its consumers. */
    public void replayParked(String group) throws ExecutionException, InterruptedException {
        subscriptions.replayParkedMessagesToAll(group).get();
        LOG.infof("Replaying the parked events of group %s", group);
    }

    /** Where KurrentDB keeps a group's parked messages. */
    private static String parkedStreamOf(String group) {
        return "$persistentsubscription-$all::" + group + "-parked";
    }

    private String reasonOf(RecordedEvent link) {
        try {
            JsonNode metadata = json.readTree(link.getUserMetadata());
            return metadata == null ? null : metadata.path("reason").asText(null);
        } catch (IOException unreadable) {
            return null;
        }
    }
}
