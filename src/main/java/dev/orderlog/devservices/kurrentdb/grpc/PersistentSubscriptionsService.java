package dev.orderlog.devservices.kurrentdb.grpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.devservices.kurrentdb.log.EventLog;
import dev.orderlog.devservices.kurrentdb.log.ExpectedVersion;
import dev.orderlog.devservices.kurrentdb.log.ProposedEvent;
import dev.orderlog.devservices.kurrentdb.log.StoredStream;
import dev.orderlog.devservices.kurrentdb.persistent.GroupDefinition;
import dev.orderlog.devservices.kurrentdb.persistent.PersistentGroup;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.kurrent.dbclient.proto.persistentsubscriptions.Persistent.CreateReq;
import io.kurrent.dbclient.proto.persistentsubscriptions.Persistent.CreateResp;
import io.kurrent.dbclient.proto.persistentsubscriptions.Persistent.DeleteReq;
import io.kurrent.dbclient.proto.persistentsubscriptions.Persistent.DeleteResp;
import io.kurrent.dbclient.proto.persistentsubscriptions.Persistent.GetInfoReq;
import io.kurrent.dbclient.proto.persistentsubscriptions.Persistent.GetInfoResp;
import io.kurrent.dbclient.proto.persistentsubscriptions.Persistent.ListReq;
import io.kurrent.dbclient.proto.persistentsubscriptions.Persistent.ListResp;
import io.kurrent.dbclient.proto.persistentsubscriptions.Persistent.ReadReq;
import io.kurrent.dbclient.proto.persistentsubscriptions.Persistent.ReadResp;
import io.kurrent.dbclient.proto.persistentsubscriptions.Persistent.ReplayParkedReq;
import io.kurrent.dbclient.proto.persistentsubscriptions.Persistent.ReplayParkedResp;
import io.kurrent.dbclient.proto.persistentsubscriptions.Persistent.SubscriptionInfo;
import io.kurrent.dbclient.proto.persistentsubscriptions.Persistent.UpdateReq;
import io.kurrent.dbclient.proto.persistentsubscriptions.Persistent.UpdateResp;
import io.kurrent.dbclient.proto.persistentsubscriptions.PersistentSubscriptionsGrpc;
import io.kurrent.dbclient.proto.shared.Shared;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The PersistentSubscriptions gRPC service. Group definitions live in {@code $persistentSubscriptionConfig} as the
 * server keeps them, so a subsystem restart or a server restart over the same log rebuilds every group and resumes
 * each from its checkpoint (KurrentDB, Services/Transport/Grpc/PersistentSubscriptions.*.cs).
 */
public final class PersistentSubscriptionsService extends PersistentSubscriptionsGrpc.PersistentSubscriptionsImplBase
        implements AutoCloseable {
    /**
     * A persistent subscription's acks and nacks are taken on the connection's own thread as their bytes are read
     * (taking them only queues them), so a nack sent before an append is applied before the append's commit reaches
     * the group, and the retry goes out first, as on KurrentDB. Every other call runs on the default executor.
     */
    public static Executor settledWhereRead(ServerCall<?, ?> call, Metadata headers) {
        boolean persistentRead = call.getMethodDescriptor()
                .getFullMethodName()
                .equals(PersistentSubscriptionsGrpc.getReadMethod().getFullMethodName());
        return persistentRead ? Runnable::run : null;
    }

    static final String CONFIG_STREAM = "$persistentSubscriptionConfig";
    private static final Logger LOG = Logger.getLogger(PersistentSubscriptionsService.class);
    private static final String CONFIG_TYPE = "$PersistentConfig";

    record Config(List<GroupDefinition> entries) {}

    private final EventLog log;
    private final Executor executor;
    private final ObjectMapper json = new ObjectMapper();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "persistent-subscriptions-clock");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, PersistentGroup> groups = new LinkedHashMap<>();

    public PersistentSubscriptionsService(EventLog log, Executor executor) {
        this.log = log;
        this.executor = executor;
        loadGroups();
        // Message timeouts and time-based checkpoints are checked on a one-second tick, as on the server.
        clock.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void create(CreateReq request, StreamObserver<CreateResp> responses) {
        answer(responses, () -> {
            CreateReq.Options options = request.getOptions();
            GroupDefinition definition = acceptable(PersistentDefinitions.fromCreate(options, log));
            synchronized (groups) {
                if (groups.containsKey(definition.id())) {
                    throw RpcErrors.groupExists(definition.source(), definition.group());
                }
                groups.put(definition.id(), new PersistentGroup(definition, log, executor));
                saveGroups();
            }
            return CreateResp.getDefaultInstance();
        });
    }

    @Override
    public void update(UpdateReq request, StreamObserver<UpdateResp> responses) {
        answer(responses, () -> {
            synchronized (groups) {
                String source = PersistentDefinitions.sourceOf(request.getOptions());
                PersistentGroup existing = require(source, request.getOptions().getGroupName());
                GroupDefinition updated =
                        acceptable(PersistentDefinitions.fromUpdate(request.getOptions(), existing.definition, log));
                existing.dropAll();
                groups.put(updated.id(), new PersistentGroup(updated, log, executor));
                saveGroups();
            }
            return UpdateResp.getDefaultInstance();
        });
    }

    @Override
    public void delete(DeleteReq request, StreamObserver<DeleteResp> responses) {
        answer(responses, () -> {
            DeleteReq.Options options = request.getOptions();
            String source = options.hasAll()
                    ? GroupDefinition.ALL
                    : options.getStreamIdentifier().getStreamName().toStringUtf8();
            synchronized (groups) {
                PersistentGroup group = require(source, options.getGroupName());
                group.dropAll();
                groups.remove(group.definition.id());
                saveGroups();
                deleteIfPresent(group.definition.checkpointStream());
                deleteIfPresent(group.definition.parkedStream());
            }
            return DeleteResp.getDefaultInstance();
        });
    }

    @Override
    public StreamObserver<ReadReq> read(StreamObserver<ReadResp> responses) {
        ServerCallStreamObserver<ReadResp> out = (ServerCallStreamObserver<ReadResp>) responses;
        PersistentReadCall call = new PersistentReadCall(out, CallerInfo.current(), this::requireLocked);
        // gRPC takes the cancel handler only before the call starts, so it is set here, before anyone subscribes.
        out.setOnCancelHandler(() -> call.onError(Status.CANCELLED.asRuntimeException()));
        return call;
    }

    @Override
    public void getInfo(GetInfoReq request, StreamObserver<GetInfoResp> responses) {
        answer(responses, () -> {
            GetInfoReq.Options options = request.getOptions();
            String source = options.hasAll()
                    ? GroupDefinition.ALL
                    : options.getStreamIdentifier().getStreamName().toStringUtf8();
            synchronized (groups) {
                return GetInfoResp.newBuilder()
                        .setSubscriptionInfo(PersistentDefinitions.info(require(source, options.getGroupName())))
                        .build();
            }
        });
    }

    @Override
    public void list(ListReq request, StreamObserver<ListResp> responses) {
        answer(responses, () -> {
            ListReq.Options options = request.getOptions();
            String only = !options.hasListForStream()
                    ? null
                    : options.getListForStream().hasAll()
                            ? GroupDefinition.ALL
                            : options.getListForStream()
                                    .getStream()
                                    .getStreamName()
                                    .toStringUtf8();
            List<SubscriptionInfo> infos = new ArrayList<>();
            synchronized (groups) {
                for (PersistentGroup group : groups.values()) {
                    if (only == null || only.equals(group.definition.source())) {
                        infos.add(PersistentDefinitions.info(group));
                    }
                }
            }
            if (only != null && infos.isEmpty()) {
                // As KurrentDB words it, with no group named: "Subscription group  on stream X does not exist."
                throw RpcErrors.groupNotFound(only, "");
            }
            return ListResp.newBuilder().addAllSubscriptions(infos).build();
        });
    }

    @Override
    public void replayParked(ReplayParkedReq request, StreamObserver<ReplayParkedResp> responses) {
        answer(responses, () -> {
            ReplayParkedReq.Options options = request.getOptions();
            String source = options.hasAll()
                    ? GroupDefinition.ALL
                    : options.getStreamIdentifier().getStreamName().toStringUtf8();
            PersistentGroup group;
            synchronized (groups) {
                group = require(source, options.getGroupName());
            }
            group.replayParked(options.hasStopAt() ? options.getStopAt() : null);
            return ReplayParkedResp.getDefaultInstance();
        });
    }

    @Override
    public void restartSubsystem(Shared.Empty request, StreamObserver<Shared.Empty> responses) {
        answer(responses, () -> {
            synchronized (groups) {
                groups.values().forEach(PersistentGroup::dropAll);
                groups.clear();
                loadGroups();
            }
            return Shared.Empty.getDefaultInstance();
        });
    }

    @Override
    public void close() {
        clock.shutdownNow();
        synchronized (groups) {
            groups.values().forEach(PersistentGroup::dropAll);
            groups.clear();
        }
    }

    private void tick() {
        List<PersistentGroup> current;
        synchronized (groups) {
            current = List.copyOf(groups.values());
        }
        for (PersistentGroup group : current) {
            try {
                group.tick();
            } catch (RuntimeException failed) {
                // A failure (the log's disk, say) must not cancel the tick every group's timeouts and checkpoints
                // depend on.
                LOG.warnf(
                        "Persistent subscription group %s: tick failed (%s); trying again on the next",
                        group.definition.id(), failed.toString());
            }
        }
    }

    private void loadGroups() {
        StoredStream config = log.stream(CONFIG_STREAM);
        if (config == null || config.lastRevision() < 0) {
            return;
        }
        try {
            Config stored = json.readValue(
                    config.events.get((int) config.lastRevision()).data(), Config.class);
            stored.entries()
                    .forEach(definition -> groups.put(definition.id(), new PersistentGroup(definition, log, executor)));
        } catch (IOException unreadable) {
            throw new UncheckedIOException("Unreadable " + CONFIG_STREAM, unreadable);
        }
    }

    private void saveGroups() {
        try {
            byte[] config = json.writeValueAsBytes(new Config(
                    groups.values().stream().map(group -> group.definition).toList()));
            log.append(
                    CONFIG_STREAM,
                    ExpectedVersion.ANY,
                    List.of(new ProposedEvent(UUID.randomUUID(), CONFIG_TYPE, true, config, new byte[0])));
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    private void deleteIfPresent(String stream) {
        StoredStream state = log.stream(stream);
        if (state != null && state.lastRevision() >= 0) {
            log.delete(stream, ExpectedVersion.ANY, EventLog.Deletion.SOFT);
        }
    }

    private PersistentGroup requireLocked(String source, String group) {
        synchronized (groups) {
            return require(source, group);
        }
    }

    private PersistentGroup require(String source, String group) {
        PersistentGroup found = groups.get(source + "::" + group);
        if (found == null) {
            throw RpcErrors.groupNotFound(source, group);
        }
        return found;
    }

    /**
     * Settings the server's PersistentSubscription constructor refuses fail the create or update, and an update leaves
     * the group as it was. The reason is the text of .NET's ArgumentOutOfRangeException, as the server reports it.
     */
    private static GroupDefinition acceptable(GroupDefinition definition) {
        if (definition.settings().readBatchSize() >= definition.settings().historyBufferSize()) {
            throw RpcErrors.groupFailed(
                    definition.source(),
                    definition.group(),
                    "Specified argument was out of the range of valid values. (Parameter 'ReadBatchSize may not be greater than or equal to BufferSize')");
        }
        return definition;
    }

    private static <T> void answer(StreamObserver<T> responses, java.util.function.Supplier<T> handler) {
        try {
            responses.onNext(handler.get());
            responses.onCompleted();
        } catch (StatusRuntimeException error) {
            responses.onError(error);
        }
    }
}
