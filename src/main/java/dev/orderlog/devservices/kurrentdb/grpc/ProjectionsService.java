package dev.orderlog.devservices.kurrentdb.grpc;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.orderlog.devservices.kurrentdb.projections.StandardProjections;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.kurrent.dbclient.proto.projections.Projectionmanagement.CreateReq;
import io.kurrent.dbclient.proto.projections.Projectionmanagement.CreateResp;
import io.kurrent.dbclient.proto.projections.Projectionmanagement.DeleteReq;
import io.kurrent.dbclient.proto.projections.Projectionmanagement.DeleteResp;
import io.kurrent.dbclient.proto.projections.Projectionmanagement.DisableReq;
import io.kurrent.dbclient.proto.projections.Projectionmanagement.DisableResp;
import io.kurrent.dbclient.proto.projections.Projectionmanagement.EnableReq;
import io.kurrent.dbclient.proto.projections.Projectionmanagement.EnableResp;
import io.kurrent.dbclient.proto.projections.Projectionmanagement.ResetReq;
import io.kurrent.dbclient.proto.projections.Projectionmanagement.ResetResp;
import io.kurrent.dbclient.proto.projections.Projectionmanagement.ResultReq;
import io.kurrent.dbclient.proto.projections.Projectionmanagement.ResultResp;
import io.kurrent.dbclient.proto.projections.Projectionmanagement.StateReq;
import io.kurrent.dbclient.proto.projections.Projectionmanagement.StateResp;
import io.kurrent.dbclient.proto.projections.Projectionmanagement.StatisticsReq;
import io.kurrent.dbclient.proto.projections.Projectionmanagement.StatisticsResp;
import io.kurrent.dbclient.proto.projections.Projectionmanagement.UpdateReq;
import io.kurrent.dbclient.proto.projections.Projectionmanagement.UpdateResp;
import io.kurrent.dbclient.proto.projections.ProjectionsGrpc;
import io.kurrent.dbclient.proto.shared.Shared;
import java.util.List;
import java.util.function.Predicate;

/**
 * The Projections gRPC service for the standard projections only (KurrentDB, Projections.Core/Services/Grpc/
 * ProjectionManagement.*.cs): list and statistics, enable, disable, abort, reset, state and result. They are native,
 * so their state and result are an empty object. User-defined JavaScript projections are not served.
 */
public final class ProjectionsService extends ProjectionsGrpc.ProjectionsImplBase {
    static final String NO_USER_PROJECTIONS =
            "The embedded KurrentDB runs the standard projections only; user-defined JavaScript projections are not"
                    + " served";

    private final StandardProjections projections;

    public ProjectionsService(StandardProjections projections) {
        this.projections = projections;
    }

    @Override
    public void statistics(StatisticsReq request, StreamObserver<StatisticsResp> responses) {
        StatisticsReq.Options options = request.getOptions();
        if (options.getModeCase() == StatisticsReq.Options.ModeCase.NAME
                && projections.statistics(options.getName()).isEmpty()) {
            responses.onError(notFound(options.getName()));
            return;
        }
        List<StandardProjections.Statistics> shown = switch (options.getModeCase()) {
            case NAME -> List.of(projections.statistics(options.getName()).orElseThrow());
            // The standard projections are continuous: no one-time or transient ones to show.
            case ONE_TIME, TRANSIENT -> List.of();
            case ALL, CONTINUOUS, MODE_NOT_SET -> projections.statistics();
        };
        shown.forEach(statistics -> responses.onNext(
                StatisticsResp.newBuilder().setDetails(details(statistics)).build()));
        responses.onCompleted();
    }

    private static StatisticsResp.Details details(StandardProjections.Statistics statistics) {
        return StatisticsResp.Details.newBuilder()
                .setName(statistics.name())
                .setEffectiveName(statistics.name())
                .setMode("Continuous")
                .setStatus(statistics.status())
                .setStateReason("")
                .setPosition(statistics.position())
                .setLastCheckpoint(statistics.position())
                .setProgress(statistics.progress())
                .setEpoch(statistics.epoch())
                .setVersion(statistics.version())
                .setEventsProcessedAfterRestart(statistics.eventsProcessedAfterRestart())
                .setCheckpointStatus("")
                .setPartitionsCached(1)
                .build();
    }

    @Override
    public void enable(EnableReq request, StreamObserver<EnableResp> responses) {
        answer(request.getOptions().getName(), projections::enable, EnableResp.getDefaultInstance(), responses);
    }

    /** The Java client's disable writes a checkpoint; its abort does not, and leaves the projection aborted. */
    @Override
    public void disable(DisableReq request, StreamObserver<DisableResp> responses) {
        DisableReq.Options options = request.getOptions();
        answer(
                options.getName(),
                options.getWriteCheckpoint() ? projections::disable : projections::abort,
                DisableResp.getDefaultInstance(),
                responses);
    }

    @Override
    public void reset(ResetReq request, StreamObserver<ResetResp> responses) {
        answer(request.getOptions().getName(), projections::reset, ResetResp.getDefaultInstance(), responses);
    }

    @Override
    public void state(StateReq request, StreamObserver<StateResp> responses) {
        answer(
                request.getOptions().getName(),
                exists(),
                StateResp.newBuilder().setState(emptyObject()).build(),
                responses);
    }

    @Override
    public void result(ResultReq request, StreamObserver<ResultResp> responses) {
        answer(
                request.getOptions().getName(),
                exists(),
                ResultResp.newBuilder().setResult(emptyObject()).build(),
                responses);
    }

    @Override
    public void create(CreateReq request, StreamObserver<CreateResp> responses) {
        responses.onError(
                Status.UNIMPLEMENTED.withDescription(NO_USER_PROJECTIONS).asRuntimeException());
    }

    @Override
    public void update(UpdateReq request, StreamObserver<UpdateResp> responses) {
        String name = request.getOptions().getName();
        if (projections.statistics(name).isEmpty()) {
            responses.onError(notFound(name));
            return;
        }
        responses.onError(
                Status.UNIMPLEMENTED.withDescription(NO_USER_PROJECTIONS).asRuntimeException());
    }

    /** The server refuses to delete a system projection, and its gRPC layer reports that refusal this way. */
    @Override
    public void delete(DeleteReq request, StreamObserver<DeleteResp> responses) {
        String name = request.getOptions().getName();
        responses.onError(
                projections.statistics(name).isEmpty()
                        ? notFound(name)
                        : Status.UNKNOWN
                                .withDescription("Envelope callback expected Updated, received OperationFailed instead")
                                .asRuntimeException());
    }

    /** Nothing to reload: the standard projections keep running as they were. */
    @Override
    public void restartSubsystem(Shared.Empty request, StreamObserver<Shared.Empty> responses) {
        responses.onNext(Shared.Empty.getDefaultInstance());
        responses.onCompleted();
    }

    private Predicate<String> exists() {
        return name -> projections.statistics(name).isPresent();
    }

    private static <T> void answer(String name, Predicate<String> action, T response, StreamObserver<T> responses) {
        if (!action.test(name)) {
            responses.onError(notFound(name));
            return;
        }
        responses.onNext(response);
        responses.onCompleted();
    }

    private static StatusRuntimeException notFound(String name) {
        return Status.NOT_FOUND
                .withDescription("Projection '" + name + "' not found")
                .asRuntimeException();
    }

    private static Value emptyObject() {
        return Value.newBuilder().setStructValue(Struct.getDefaultInstance()).build();
    }
}
