package dev.orderlog.devservices.kurrentdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.rpc.Code;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.kurrent.dbclient.AppendToStreamOptions;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.KurrentDBProjectionManagementClient;
import io.kurrent.dbclient.ReadStreamOptions;
import io.kurrent.dbclient.ServerVersion;
import io.kurrent.dbclient.proto.shared.Shared;
import io.kurrent.dbclient.proto.streams.StreamsGrpc;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.BatchAppendReq;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.BatchAppendResp;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProtocolConformanceTest extends EmbeddedServerTest {

    @Test
    void aClientThatDiscoversTheClusterThroughGossipConnectsToTheLeader() throws Exception {
        KurrentDBClient discovering = connect("kurrentdb+discover://" + host + ":" + port + "?tls=false");
        try {
            String stream = newStream("gossip");
            result(discovering.appendToStream(stream, jsonEvents(2)));
            assertThat(result(discovering.readStream(stream, ReadStreamOptions.get()))
                            .getEvents())
                    .hasSize(2);
        } finally {
            discovering.shutdown().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theServerReportsAVersionTheClientsFeatureChecksUnderstand() throws Exception {
        assumeEmbedded();
        ServerVersion version = result(client.getServerVersion()).orElseThrow();
        // 25.1: the release that brought multi-stream append, which this server serves.
        assertThat(version.getMajor()).isEqualTo(25);
        assertThat(version.getMinor()).isEqualTo(1);
    }

    @Test
    void anRpcTheServerDoesNotImplementAnswersUnimplemented() throws Exception {
        assumeEmbedded();
        KurrentDBProjectionManagementClient projections = KurrentDBProjectionManagementClient.from(client);
        Throwable failure = failureOf(projections.create("counter", "fromAll().when({})"));
        assertThat(failure).isInstanceOf(StatusRuntimeException.class);
        assertThat(((StatusRuntimeException) failure).getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    }

    @Test
    void aOneMillisecondDeadlineSurfacesAsDeadlineExceeded() throws Exception {
        Throwable failure = failureOf(client.appendToStream(
                newStream("deadline"), AppendToStreamOptions.get().deadline(1), jsonEvents(500)));
        assertThat(((StatusRuntimeException) failure).getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    }

    @Test
    void batchAppendFollowsTheAppendRulesPerCorrelationId() throws Exception {
        // The Java client never uses BatchAppend, so this drives the client jar's own generated stub.
        ManagedChannel channel =
                NettyChannelBuilder.forAddress(host, port).usePlaintext().build();
        try {
            String stream = newStream("batch");
            List<BatchAppendResp> responses = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(1);
            StreamObserver<BatchAppendReq> requests = StreamsGrpc.newStub(channel)
                    .batchAppend(new StreamObserver<>() {
                        @Override
                        public void onNext(BatchAppendResp value) {
                            responses.add(value);
                        }

                        @Override
                        public void onError(Throwable t) {
                            done.countDown();
                        }

                        @Override
                        public void onCompleted() {
                            done.countDown();
                        }
                    });
            Shared.UUID first = uuid();
            requests.onNext(BatchAppendReq.newBuilder()
                    .setCorrelationId(first)
                    .setOptions(BatchAppendReq.Options.newBuilder()
                            .setStreamIdentifier(identifier(stream))
                            .setNoStream(com.google.protobuf.Empty.getDefaultInstance()))
                    .addProposedMessages(proposed("One"))
                    .build());
            requests.onNext(BatchAppendReq.newBuilder()
                    .setCorrelationId(first)
                    .addProposedMessages(proposed("Two"))
                    .setIsFinal(true)
                    .build());
            Shared.UUID second = uuid();
            requests.onNext(BatchAppendReq.newBuilder()
                    .setCorrelationId(second)
                    .setOptions(BatchAppendReq.Options.newBuilder()
                            .setStreamIdentifier(identifier(stream))
                            .setNoStream(com.google.protobuf.Empty.getDefaultInstance()))
                    .addProposedMessages(proposed("Conflict"))
                    .setIsFinal(true)
                    .build());
            requests.onCompleted();
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(responses).hasSize(2);
            assertThat(responses.get(0).getCorrelationId()).isEqualTo(first);
            assertThat(responses.get(0).getSuccess().getCurrentRevision()).isEqualTo(1);
            assertThat(responses.get(1).getError().getCode()).isEqualTo(Code.FAILED_PRECONDITION_VALUE);
            Shared.WrongExpectedVersion conflict =
                    responses.get(1).getError().getDetails(0).unpack(Shared.WrongExpectedVersion.class);
            assertThat(conflict.getCurrentStreamRevision()).isEqualTo(1);
            assertThat(conflict.hasExpectedNoStream()).isTrue();
            assertThat(readForwards(stream)).extracting(e -> e.getEventType()).containsExactly("One", "Two");
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static Shared.UUID uuid() {
        return Shared.UUID.newBuilder().setString(UUID.randomUUID().toString()).build();
    }

    private static Shared.StreamIdentifier identifier(String stream) {
        return Shared.StreamIdentifier.newBuilder()
                .setStreamName(ByteString.copyFromUtf8(stream))
                .build();
    }

    private static BatchAppendReq.ProposedMessage proposed(String type) {
        return BatchAppendReq.ProposedMessage.newBuilder()
                .setId(uuid())
                .putMetadata("type", type)
                .putMetadata("content-type", "application/json")
                .setData(ByteString.copyFrom("{}", StandardCharsets.UTF_8))
                .build();
    }
}
