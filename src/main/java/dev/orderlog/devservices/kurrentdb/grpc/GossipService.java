package dev.orderlog.devservices.kurrentdb.grpc;

import io.grpc.stub.StreamObserver;
import io.kurrent.dbclient.proto.gossip.GossipGrpc;
import io.kurrent.dbclient.proto.gossip.GossipOuterClass.ClusterInfo;
import io.kurrent.dbclient.proto.gossip.GossipOuterClass.EndPoint;
import io.kurrent.dbclient.proto.gossip.GossipOuterClass.MemberInfo;
import io.kurrent.dbclient.proto.shared.Shared;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.function.IntSupplier;

/** Gossip for a one-node cluster: this node, alive, as leader, at the address clients should connect to. */
public final class GossipService extends GossipGrpc.GossipImplBase {
    private final UUID instanceId = UUID.randomUUID();
    private final String advertisedHost;
    private final IntSupplier advertisedPort;
    private final Clock clock;

    /** The port is known only once the server is bound, hence a supplier. */
    public GossipService(String advertisedHost, IntSupplier advertisedPort, Clock clock) {
        this.advertisedHost = advertisedHost;
        this.advertisedPort = advertisedPort;
        this.clock = clock;
    }

    @Override
    public void read(Shared.Empty request, StreamObserver<ClusterInfo> responses) {
        Instant now = clock.instant();
        MemberInfo self = MemberInfo.newBuilder()
                .setInstanceId(UuidFormat.STRUCTURED.write(instanceId))
                .setTimeStamp(now.getEpochSecond() * 10_000_000L + now.getNano() / 100)
                .setState(MemberInfo.VNodeState.Leader)
                .setIsAlive(true)
                .setHttpEndPoint(
                        EndPoint.newBuilder().setAddress(advertisedHost).setPort(advertisedPort.getAsInt()))
                .build();
        responses.onNext(ClusterInfo.newBuilder().addMembers(self).build());
        responses.onCompleted();
    }
}
