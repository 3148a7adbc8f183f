package dev.orderlog.devservices.kurrentdb.grpc;

import dev.orderlog.devservices.kurrentdb.log.EventLog;
import dev.orderlog.devservices.kurrentdb.log.ProposedEvent;
import dev.orderlog.devservices.kurrentdb.log.WriteOutcome;
import io.grpc.stub.StreamObserver;
import io.kurrent.dbclient.proto.shared.Shared;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.AppendReq;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.AppendResp;
import java.util.ArrayList;
import java.util.List;

/**
 * One Append call: the options, then the proposed messages, committed together when the client half-closes.
 * A wrong expected version is an ordinary response, filled as Streams.Append.cs fills it.
 */
final class AppendCall extends ClientStreamingCall<AppendReq, AppendResp> {
    private final EventLog log;
    private final int maxAppendSize;
    private final List<ProposedEvent> events = new ArrayList<>();
    private AppendReq.Options options;
    private long expected;
    private int size;

    AppendCall(EventLog log, int maxAppendSize, StreamObserver<AppendResp> responses) {
        super(responses);
        this.log = log;
        this.maxAppendSize = maxAppendSize;
    }

    @Override
    protected void accept(AppendReq request) {
        if (options == null) {
            if (!request.hasOptions()) {
                throw RpcErrors.invalidArgument("The first append message must carry the options");
            }
            options = request.getOptions();
            expected = WireExpectedVersion.of(options.getExpectedStreamRevisionCase(), options.getRevision());
            return;
        }
        if (!request.hasProposedMessage()) {
            throw RpcErrors.invalidArgument("Only proposed messages may follow the options");
        }
        AppendReq.ProposedMessage message = request.getProposedMessage();
        ProposedEvent event = Proposals.parse(
                message.getId(), message.getMetadataMap(), message.getCustomMetadata(), message.getData());
        size += Proposals.sizeOf(event);
        if (size > maxAppendSize) {
            throw RpcErrors.maximumAppendSizeExceeded(maxAppendSize);
        }
        events.add(event);
    }

    @Override
    protected void complete() {
        if (options == null) {
            throw RpcErrors.invalidArgument("An append needs options");
        }
        String stream = options.getStreamIdentifier().getStreamName().toStringUtf8();
        switch (log.append(stream, expected, events)) {
            case WriteOutcome.Written written -> respond(success(written));
            case WriteOutcome.WrongExpectedVersion conflict ->
                respond(wrongExpectedVersion(conflict.currentRevision()));
            case WriteOutcome.StreamDeleted deleted -> responses.onError(RpcErrors.streamDeleted(stream));
        }
    }

    private void respond(AppendResp response) {
        responses.onNext(response);
        responses.onCompleted();
    }

    private static AppendResp success(WriteOutcome.Written written) {
        AppendResp.Success.Builder success = AppendResp.Success.newBuilder();
        if (written.lastRevision() < 0) {
            success.setNoStream(Shared.Empty.getDefaultInstance());
        } else {
            success.setCurrentRevision(written.lastRevision());
        }
        if (written.position() < 0) {
            success.setNoPosition(Shared.Empty.getDefaultInstance());
        } else {
            success.setPosition(AppendResp.Position.newBuilder()
                    .setCommitPosition(written.position())
                    .setPreparePosition(written.position()));
        }
        return AppendResp.newBuilder().setSuccess(success).build();
    }

    private AppendResp wrongExpectedVersion(long current) {
        Shared.Empty empty = Shared.Empty.getDefaultInstance();
        AppendResp.WrongExpectedVersion.Builder conflict = AppendResp.WrongExpectedVersion.newBuilder();
        switch (options.getExpectedStreamRevisionCase()) {
            case ANY -> conflict.setExpectedAny(empty).setAny2060(empty);
            case STREAM_EXISTS -> conflict.setExpectedStreamExists(empty).setStreamExists2060(empty);
            // The server reports ulong.MaxValue as the legacy expected revision for no_stream.
            case NO_STREAM -> conflict.setExpectedNoStream(empty).setExpectedRevision2060(-1L);
            default -> conflict.setExpectedRevision(expected).setExpectedRevision2060(expected);
        }
        if (current < 0) {
            conflict.setCurrentNoStream(empty).setNoStream2060(empty);
        } else {
            conflict.setCurrentRevision(current).setCurrentRevision2060(current);
        }
        return AppendResp.newBuilder().setWrongExpectedVersion(conflict).build();
    }
}
