package dev.orderlog.devservices.kurrentdb.grpc;

import dev.orderlog.devservices.kurrentdb.persistent.GroupDefinition;
import dev.orderlog.devservices.kurrentdb.persistent.NackHandling;
import dev.orderlog.devservices.kurrentdb.persistent.PersistentConsumer;
import dev.orderlog.devservices.kurrentdb.persistent.PersistentGroup;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.kurrent.dbclient.proto.persistentsubscriptions.Persistent.ReadReq;
import io.kurrent.dbclient.proto.persistentsubscriptions.Persistent.ReadResp;
import io.kurrent.dbclient.proto.shared.Shared;
import java.util.List;
import java.util.UUID;

/**
 * One consumer's PersistentSubscriptions.Read call: its first message joins a group, the ones after ack and nack, and
 * the call's end (completed, failed or cancelled) leaves the group, which hands the consumer's unfinished messages on.
 */
final class PersistentReadCall implements StreamObserver<ReadReq> {
    /** Finds a group by source and name, or throws the server's not-found error. */
    interface Groups {
        PersistentGroup require(String source, String group);
    }

    private final ServerCallStreamObserver<ReadResp> out;
    private final CallerInfo caller;
    private final Groups groups;
    private volatile PersistentGroup group;
    private volatile PersistentConsumer consumer;

    PersistentReadCall(ServerCallStreamObserver<ReadResp> out, CallerInfo caller, Groups groups) {
        this.out = out;
        this.caller = caller;
        this.groups = groups;
    }

    @Override
    public void onNext(ReadReq request) {
        try {
            switch (request.getContentCase()) {
                case OPTIONS -> subscribe(request.getOptions());
                case ACK ->
                    requireSubscribed().ack(consumer, ids(request.getAck().getIdsList()));
                case NACK ->
                    requireSubscribed()
                            .nack(
                                    consumer,
                                    ids(request.getNack().getIdsList()),
                                    handling(request.getNack().getAction()),
                                    request.getNack().getReason());
                case CONTENT_NOT_SET -> throw RpcErrors.invalidArgument("Empty persistent subscription request");
            }
        } catch (StatusRuntimeException error) {
            out.onError(error);
        }
    }

    @Override
    public void onError(Throwable cancelled) {
        leave();
    }

    @Override
    public void onCompleted() {
        leave();
        out.onCompleted();
    }

    private void subscribe(ReadReq.Options options) {
        if (group != null) {
            throw RpcErrors.invalidArgument("Already subscribed");
        }
        String source = options.hasAll()
                ? GroupDefinition.ALL
                : options.getStreamIdentifier().getStreamName().toStringUtf8();
        PersistentGroup found = groups.require(source, options.getGroupName());
        PersistentConsumer joining = new PersistentConsumer(
                new GrpcConsumerChannel(
                        out, options.getUuidOption().hasString() ? UuidFormat.STRING : UuidFormat.STRUCTURED),
                Math.max(1, options.getBufferSize()),
                new PersistentConsumer.Identity(caller.from(), caller.username(), caller.connectionName()));
        found.addConsumer(joining).ifPresent(refusal -> {
            throw RpcErrors.groupRefused(refusal);
        });
        group = found;
        consumer = joining;
    }

    private PersistentGroup requireSubscribed() {
        if (group == null) {
            throw RpcErrors.invalidArgument("Send options before acks and nacks");
        }
        return group;
    }

    private void leave() {
        if (group != null) {
            group.removeConsumer(consumer);
        }
    }

    private static NackHandling handling(ReadReq.Nack.Action action) {
        return switch (action) {
            case Park -> NackHandling.PARK;
            case Skip -> NackHandling.SKIP;
            case Stop -> NackHandling.STOP;
            case Retry, Unknown, UNRECOGNIZED -> NackHandling.RETRY;
        };
    }

    private static List<UUID> ids(List<Shared.UUID> ids) {
        return ids.stream().map(Proposals::uuid).toList();
    }
}
