package dev.orderlog.devservices.kurrentdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import com.google.rpc.Code;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.kurrent.dbclient.proto.shared.Shared;
import io.kurrent.dbclient.proto.streams.StreamsGrpc;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.BatchAppendReq;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.BatchAppendResp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * BatchAppend, which the Java client never calls (the .NET client does), driven through the client jar's generated
 * stub. Expected statuses and deadlines are KurrentDB's (Streams.BatchAppend.cs, Grpc/Status.cs): each append has the
 * earlier of its deadline and the 2 s write timeout, checked before its size.
 */
class BatchAppendConformanceTest extends EmbeddedServerTest {
    private ManagedChannel channel;
    private final LinkedBlockingQueue<BatchAppendResp> responses = new LinkedBlockingQueue<>();
    private StreamObserver<BatchAppendReq> requests;

    @BeforeEach
    void openCall() {
        channel = NettyChannelBuilder.forAddress(host, port).usePlaintext().build();
        requests = StreamsGrpc.newStub(channel).batchAppend(new StreamObserver<>() {
            @Override
            public void onNext(BatchAppendResp response) {
                responses.add(response);
            }

            @Override
            public void onError(Throwable failure) {}

            @Override
            public void onCompleted() {}
        });
    }

    @AfterEach
    void closeCall() throws InterruptedException {
        requests.onCompleted();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void appendsAreCommittedPerCorrelationIdWhenTheirFinalMessageArrives() throws Exception {
        String stream = newStream("batch");
        Shared.UUID first = uuid();
        requests.onNext(opening(first, stream, noStream())
                .addProposedMessages(proposed("One"))
                .build());
        requests.onNext(following(first)
                .addProposedMessages(proposed("Two"))
                .setIsFinal(true)
                .build());

        BatchAppendResp committed = nextResponse();
        assertThat(committed.getCorrelationId()).isEqualTo(first);
        assertThat(committed.getSuccess().getCurrentRevision()).isEqualTo(1);
        assertThat(readForwards(stream)).extracting(e -> e.getEventType()).containsExactly("One", "Two");
    }

    @Test
    void aConflictIsAnsweredWrongExpectedVersionAlreadyExists() throws Exception {
        String stream = newStream("batch-conflict");
        requests.onNext(opening(uuid(), stream, noStream())
                .addProposedMessages(proposed("One"))
                .setIsFinal(true)
                .build());
        assertThat(nextResponse().hasSuccess()).isTrue();

        Shared.UUID second = uuid();
        requests.onNext(opening(second, stream, noStream())
                .addProposedMessages(proposed("Conflict"))
                .setIsFinal(true)
                .build());

        BatchAppendResp refused = nextResponse();
        assertThat(refused.getCorrelationId()).isEqualTo(second);
        assertThat(refused.getError().getCode()).isEqualTo(Code.ALREADY_EXISTS_VALUE);
        assertThat(refused.getError().getMessage()).isEqualTo("WrongExpectedVersion");
        Shared.WrongExpectedVersion conflict =
                refused.getError().getDetails(0).unpack(Shared.WrongExpectedVersion.class);
        assertThat(conflict.getCurrentStreamRevision()).isZero();
        assertThat(conflict.hasExpectedNoStream()).isTrue();
        assertThat(readForwards(stream)).extracting(e -> e.getEventType()).containsExactly("One");
    }

    @Test
    void aDeadlineTimestampAlreadyPastIsATimeoutEvenForAnAppendTooLarge() throws Exception {
        String stream = newStream("batch-late");
        Shared.UUID late = uuid();
        requests.onNext(opening(late, stream, noStream())
                .setOptions(options(stream, noStream())
                        .setDeadline21100(timestamp(Instant.now().minusSeconds(1))))
                .addProposedMessages(proposedOfSize(EmbeddedKurrentDb.DEFAULT_MAX_APPEND_SIZE + 1))
                .setIsFinal(true)
                .build());

        assertTimeout(nextResponse(), late);
        assertThat(streamExists(stream)).isFalse();
    }

    @Test
    void aDeadlineTimestampAheadLetsTheAppendThrough() throws Exception {
        String stream = newStream("batch-in-time");
        requests.onNext(opening(uuid(), stream, noStream())
                .setOptions(options(stream, noStream())
                        .setDeadline21100(timestamp(Instant.now().plusSeconds(30))))
                .addProposedMessages(proposed("InTime"))
                .setIsFinal(true)
                .build());

        assertThat(nextResponse().getSuccess().getCurrentRevision()).isZero();
    }

    @Test
    void anAppendWhoseFinalMessageMissesItsDeadlineIsAnsweredTimeoutAndDropped() throws Exception {
        String stream = newStream("batch-unfinished");
        Shared.UUID unfinished = uuid();
        requests.onNext(opening(unfinished, stream, noStream())
                .setOptions(options(stream, noStream())
                        .setDeadline(com.google.protobuf.Duration.newBuilder().setNanos(300_000_000)))
                .addProposedMessages(proposed("Unfinished"))
                .build());

        assertTimeout(nextResponse(), unfinished);
        requests.onNext(following(unfinished)
                .addProposedMessages(proposed("TooLate"))
                .setIsFinal(true)
                .build());
        requests.onNext(opening(uuid(), stream, noStream())
                .addProposedMessages(proposed("Fresh"))
                .setIsFinal(true)
                .build());
        assertThat(nextResponse().getSuccess().getCurrentRevision()).isZero();
        assertThat(readForwards(stream)).extracting(e -> e.getEventType()).containsExactly("Fresh");
    }

    @Test
    void theWriteTimeoutBoundsADistantDeadline() throws Exception {
        String stream = newStream("batch-distant");
        Shared.UUID unfinished = uuid();
        long started = System.nanoTime();
        requests.onNext(opening(unfinished, stream, noStream())
                .setOptions(options(stream, noStream())
                        .setDeadline21100(timestamp(Instant.now().plusSeconds(3600))))
                .addProposedMessages(proposed("Unfinished"))
                .build());

        assertTimeout(nextResponse(), unfinished);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    private BatchAppendResp nextResponse() throws InterruptedException {
        BatchAppendResp response = responses.poll(10, TimeUnit.SECONDS);
        assertThat(response).as("a response within 10 s").isNotNull();
        return response;
    }

    private static void assertTimeout(BatchAppendResp response, Shared.UUID correlationId) throws Exception {
        assertThat(response.getCorrelationId()).isEqualTo(correlationId);
        assertThat(response.getError().getCode()).isEqualTo(Code.DEADLINE_EXCEEDED_VALUE);
        assertThat(response.getError().getMessage()).isEqualTo("Timeout");
        assertThat(response.getError().getDetails(0).is(Shared.Timeout.class)).isTrue();
    }

    private static boolean streamExists(String stream) throws Exception {
        try {
            return !readForwards(stream).isEmpty();
        } catch (Exception notFound) {
            return false;
        }
    }

    private static BatchAppendReq.Builder opening(Shared.UUID correlationId, String stream, Empty noStream) {
        return following(correlationId).setOptions(options(stream, noStream));
    }

    private static BatchAppendReq.Builder following(Shared.UUID correlationId) {
        return BatchAppendReq.newBuilder().setCorrelationId(correlationId);
    }

    private static BatchAppendReq.Options.Builder options(String stream, Empty noStream) {
        return BatchAppendReq.Options.newBuilder()
                .setStreamIdentifier(
                        Shared.StreamIdentifier.newBuilder().setStreamName(ByteString.copyFromUtf8(stream)))
                .setNoStream(noStream);
    }

    private static Empty noStream() {
        return Empty.getDefaultInstance();
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder()
                .setSeconds(instant.getEpochSecond())
                .setNanos(instant.getNano())
                .build();
    }

    private static Shared.UUID uuid() {
        return Shared.UUID.newBuilder().setString(UUID.randomUUID().toString()).build();
    }

    private static BatchAppendReq.ProposedMessage proposed(String type) {
        return proposedMessage(type, "{}");
    }

    private static BatchAppendReq.ProposedMessage proposedOfSize(int bytes) {
        return proposedMessage("Large", "\"" + "x".repeat(bytes) + "\"");
    }

    private static BatchAppendReq.ProposedMessage proposedMessage(String type, String json) {
        return BatchAppendReq.ProposedMessage.newBuilder()
                .setId(uuid())
                .putMetadata("type", type)
                .putMetadata("content-type", "application/json")
                .setData(ByteString.copyFrom(json, StandardCharsets.UTF_8))
                .build();
    }
}
