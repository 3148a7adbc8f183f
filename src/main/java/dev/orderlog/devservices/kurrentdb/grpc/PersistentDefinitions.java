package dev.orderlog.devservices.kurrentdb.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.orderlog.devservices.kurrentdb.log.EventLog;
import dev.orderlog.devservices.kurrentdb.log.StoredStream;
import dev.orderlog.devservices.kurrentdb.persistent.GroupDefinition;
import dev.orderlog.devservices.kurrentdb.persistent.GroupStatistics;
import dev.orderlog.devservices.kurrentdb.persistent.PersistentGroup;
import dev.orderlog.devservices.kurrentdb.persistent.PersistentGroupSettings;
import io.kurrent.dbclient.proto.persistentsubscriptions.Persistent.CreateReq;
import io.kurrent.dbclient.proto.persistentsubscriptions.Persistent.SubscriptionInfo;
import io.kurrent.dbclient.proto.persistentsubscriptions.Persistent.UpdateReq;
import java.util.List;

/** Group definitions from Create and Update requests, and the info the server reports for a group. */
final class PersistentDefinitions {
    private PersistentDefinitions() {}

    static GroupDefinition fromCreate(CreateReq.Options options, EventLog log) {
        requireGroupName(options.getGroupName());
        PersistentGroupSettings settings = settings(options.getSettings());
        return switch (options.getStreamOptionCase()) {
            case STREAM -> {
                CreateReq.StreamOptions stream = options.getStream();
                long start = switch (stream.getRevisionOptionCase()) {
                    case REVISION -> stream.getRevision();
                    case END -> -1;
                    default -> 0;
                };
                yield stream(
                        stream.getStreamIdentifier().getStreamName().toStringUtf8(),
                        options.getGroupName(),
                        start,
                        settings,
                        log);
            }
            case ALL -> {
                CreateReq.AllOptions all = options.getAll();
                long start = switch (all.getAllOptionCase()) {
                    case POSITION -> all.getPosition().getCommitPosition();
                    case END -> -1;
                    default -> 0;
                };
                GroupDefinition.FilterDefinition filter = null;
                if (all.hasFilter()) {
                    CreateReq.AllOptions.FilterOptions.Expression expression =
                            all.getFilter().hasStreamIdentifier()
                                    ? all.getFilter().getStreamIdentifier()
                                    : all.getFilter().getEventType();
                    filter = new GroupDefinition.FilterDefinition(
                            all.getFilter().hasStreamIdentifier(),
                            expression.getRegex(),
                            List.copyOf(expression.getPrefixList()));
                }
                GroupDefinition definition = new GroupDefinition(
                        GroupDefinition.ALL, options.getGroupName(), start, endOfAll(log), filter, settings);
                if (start > 0
                        && log.all().size() > 0
                        && start > log.all().get(log.all().size() - 1).position()) {
                    throw RpcErrors.groupFailed(
                            definition.source(),
                            definition.group(),
                            "Invalid Start From position: commit position must be less than or equal to the last commit position in the transaction file.");
                }
                yield definition;
            }
            // Clients before 21.10 named the stream here and put the start revision in the settings.
            case STREAMOPTION_NOT_SET ->
                stream(
                        options.getStreamIdentifier().getStreamName().toStringUtf8(),
                        options.getGroupName(),
                        options.getSettings().getRevision(),
                        settings,
                        log);
        };
    }

    static String sourceOf(UpdateReq.Options options) {
        return switch (options.getStreamOptionCase()) {
            case STREAM ->
                options.getStream().getStreamIdentifier().getStreamName().toStringUtf8();
            case ALL -> GroupDefinition.ALL;
            case STREAMOPTION_NOT_SET ->
                options.getStreamIdentifier().getStreamName().toStringUtf8();
        };
    }

    /** Update replaces the settings and start; the filter of an {@code $all} group stays as created. */
    static GroupDefinition fromUpdate(UpdateReq.Options options, GroupDefinition existing, EventLog log) {
        PersistentGroupSettings settings = settings(asCreateSettings(options.getSettings()));
        long start = switch (options.getStreamOptionCase()) {
            case STREAM ->
                switch (options.getStream().getRevisionOptionCase()) {
                    case REVISION -> options.getStream().getRevision();
                    case END -> -1;
                    default -> 0;
                };
            case ALL ->
                switch (options.getAll().getAllOptionCase()) {
                    case POSITION -> options.getAll().getPosition().getCommitPosition();
                    case END -> -1;
                    default -> 0;
                };
            case STREAMOPTION_NOT_SET -> options.getSettings().getRevision();
        };
        long resolved = existing.onAll() ? endOfAll(log) : endOfStream(existing.source(), log);
        return new GroupDefinition(existing.source(), existing.group(), start, resolved, existing.filter(), settings);
    }

    static SubscriptionInfo info(PersistentGroup group) {
        GroupDefinition definition = group.definition;
        PersistentGroupSettings settings = definition.settings();
        GroupStatistics statistics = group.statistics();
        SubscriptionInfo.Builder info = SubscriptionInfo.newBuilder()
                .setEventSource(definition.source())
                .setGroupName(definition.group())
                .setStatus(statistics.status())
                .setAveragePerSecond(statistics.averagePerSecond())
                .setTotalItems(statistics.totalItems())
                .setCountSinceLastMeasurement(statistics.totalItems())
                .setLastCheckpointedEventPosition(statistics.lastCheckpointedPosition())
                .setLastKnownEventPosition(statistics.lastKnownPosition())
                .setResolveLinkTos(settings.resolveLinks())
                .setStartFrom(definition.format(definition.startFrom()))
                .setMessageTimeoutMilliseconds(settings.messageTimeoutMs())
                .setExtraStatistics(settings.extraStatistics())
                .setMaxRetryCount(settings.maxRetryCount())
                .setLiveBufferSize(settings.liveBufferSize())
                .setBufferSize(settings.historyBufferSize())
                .setReadBatchSize(settings.readBatchSize())
                .setCheckPointAfterMilliseconds(settings.checkpointAfterMs())
                .setMinCheckPointCount(settings.minCheckpointCount())
                .setMaxCheckPointCount(settings.maxCheckpointCount())
                .setReadBufferCount(0)
                .setLiveBufferCount(statistics.liveBufferCount())
                .setRetryBufferCount(statistics.retryBufferCount())
                .setTotalInFlightMessages(statistics.inFlight())
                .setOutstandingMessagesCount(statistics.inFlight())
                .setNamedConsumerStrategy(settings.consumerStrategy())
                .setMaxSubscriberCount(settings.maxSubscriberCount())
                .setParkedMessageCount(statistics.parkedCount());
        for (GroupStatistics.Connection connection : statistics.connections()) {
            info.addConnections(SubscriptionInfo.ConnectionInfo.newBuilder()
                    .setFrom(connection.from())
                    .setUsername(connection.username())
                    .setConnectionName(connection.connectionName())
                    .setTotalItems(connection.totalItems())
                    .setCountSinceLastMeasurement(connection.totalItems())
                    .setAvailableSlots(connection.availableSlots())
                    .setInFlightMessages(connection.inFlight())
                    .addAllObservedMeasurements(connection.observed().stream()
                            .map(measured -> SubscriptionInfo.Measurement.newBuilder()
                                    .setKey(measured.key())
                                    .setValue(measured.value())
                                    .build())
                            .toList()));
        }
        return info.build();
    }

    private static GroupDefinition stream(
            String stream, String group, long start, PersistentGroupSettings settings, EventLog log) {
        return new GroupDefinition(stream, group, start, endOfStream(stream, log), null, settings);
    }

    /** Where "end" points now: the next revision of the stream. */
    private static long endOfStream(String stream, EventLog log) {
        StoredStream state = log.stream(stream);
        return state == null ? 0 : state.lastRevision() + 1;
    }

    /** Where "end" points now: just past the last record of {@code $all}. */
    private static long endOfAll(EventLog log) {
        int size = log.all().size();
        return size == 0 ? 0 : log.all().get(size - 1).position() + 1;
    }

    /**
     * Update's settings are Create's without {@code consumer_strategy}, field for field (persistent.proto), so they read
     * as Create's and go through the same checks.
     */
    private static CreateReq.Settings asCreateSettings(UpdateReq.Settings update) {
        try {
            return CreateReq.Settings.parseFrom(update.toByteString());
        } catch (InvalidProtocolBufferException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static PersistentGroupSettings settings(CreateReq.Settings wire) {
        String strategy = wire.getConsumerStrategy().isEmpty()
                ? strategyName(wire.getNamedConsumerStrategy().name())
                : wire.getConsumerStrategy();
        if (!PersistentGroupSettings.STRATEGIES.contains(strategy)) {
            throw RpcErrors.invalidArgument("Unknown consumer strategy " + strategy);
        }
        return new PersistentGroupSettings(
                wire.getResolveLinks(),
                wire.getExtraStatistics(),
                wire.hasMessageTimeoutMs()
                        ? wire.getMessageTimeoutMs()
                        : PersistentGroupSettings.ticksToMillis(wire.getMessageTimeoutTicks()),
                wire.getMaxRetryCount(),
                wire.getLiveBufferSize(),
                wire.getReadBatchSize(),
                wire.getHistoryBufferSize(),
                wire.hasCheckpointAfterMs()
                        ? wire.getCheckpointAfterMs()
                        : PersistentGroupSettings.ticksToMillis(wire.getCheckpointAfterTicks()),
                wire.getMinCheckpointCount(),
                wire.getMaxCheckpointCount(),
                wire.getMaxSubscriberCount(),
                strategy);
    }

    private static String strategyName(String enumName) {
        return "UNRECOGNIZED".equals(enumName) ? "RoundRobin" : enumName;
    }

    private static void requireGroupName(String group) {
        if (group.isBlank()) {
            throw RpcErrors.invalidArgument("A group name is required");
        }
    }
}
