package dev.orderlog.devservices.kurrentdb.grpc;

import dev.orderlog.devservices.kurrentdb.log.StoredEvent;
import dev.orderlog.devservices.kurrentdb.persistent.ConsumerChannel;
import dev.orderlog.devservices.kurrentdb.persistent.GroupRefusal;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.kurrent.dbclient.proto.persistentsubscriptions.Persistent.ReadResp;

/** A persistent-subscription consumer's Read call, as the engine's {@link ConsumerChannel}. */
final class GrpcConsumerChannel implements ConsumerChannel {
    private final ServerCallStreamObserver<ReadResp> out;
    private final UuidFormat uuids;

    GrpcConsumerChannel(ServerCallStreamObserver<ReadResp> out, UuidFormat uuids) {
        this.out = out;
        this.uuids = uuids;
    }

    @Override
    public boolean confirm(String subscriptionId) {
        return send(ReadResp.newBuilder()
                .setSubscriptionConfirmation(
                        ReadResp.SubscriptionConfirmation.newBuilder().setSubscriptionId(subscriptionId))
                .build());
    }

    @Override
    public boolean deliver(StoredEvent event, StoredEvent link, int retryCount) {
        return send(PersistentMessages.event(event, link, retryCount, uuids));
    }

    @Override
    public void end(GroupRefusal reason) {
        try {
            out.onError(RpcErrors.groupRefused(reason));
        } catch (IllegalStateException alreadyClosed) {
            // The client went away first; nothing left to tell it.
        }
    }

    private boolean send(ReadResp message) {
        try {
            out.onNext(message);
            return true;
        } catch (StatusRuntimeException gone) {
            return false;
        }
    }
}
