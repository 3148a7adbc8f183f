package dev.orderlog.devservices.kurrentdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import dev.orderlog.devservices.kurrentdb.v26.AppendConsistencyViolationErrorDetails;
import dev.orderlog.devservices.kurrentdb.v26.AppendRecord;
import dev.orderlog.devservices.kurrentdb.v26.AppendRecordsRequest;
import dev.orderlog.devservices.kurrentdb.v26.AppendRecordsResponse;
import dev.orderlog.devservices.kurrentdb.v26.ConsistencyCheck;
import dev.orderlog.devservices.kurrentdb.v26.ConsistencyViolation;
import dev.orderlog.devservices.kurrentdb.v26.SchemaFormat;
import dev.orderlog.devservices.kurrentdb.v26.SchemaInfo;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.kurrent.dbclient.DeleteStreamOptions;
import io.kurrent.dbclient.ReadAllOptions;
import io.kurrent.dbclient.proto.serverfeatures.ServerFeaturesGrpc;
import io.kurrent.dbclient.proto.shared.Shared;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * KurrentDB 26.1's appendRecords (src/KurrentDB.Api.V2/Modules/Streams, and the tests beside it), which the 1.1.0
 * Java client cannot call: driven through a stub generated from the clients' own messages (src/test/protobuf) with a
 * method descriptor of its own. Expected states: a revision, -1 no stream, -2 any, -4 exists, -10 soft-deleted, -100
 * tombstoned.
 */
class AppendRecordsConformanceTest extends EmbeddedServerTest {
    private static final MethodDescriptor<AppendRecordsRequest, AppendRecordsResponse> APPEND_RECORDS =
            MethodDescriptor.<AppendRecordsRequest, AppendRecordsResponse>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName("kurrentdb.protocol.v2.streams.StreamsService/AppendRecords")
                    .setRequestMarshaller(ProtoUtils.marshaller(AppendRecordsRequest.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(AppendRecordsResponse.getDefaultInstance()))
                    .build();
    private static final long NO_STREAM = -1;
    private static final long ANY = -2;
    private static final long EXISTS = -4;
    private static final long DELETED = -10;
    private static final long TOMBSTONED = -100;

    private ManagedChannel channel;

    @BeforeEach
    void connect() {
        channel = NettyChannelBuilder.forAddress(host, port).usePlaintext().build();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void interleavedRecordsAreWrittenInTheirOrderAndEachStreamGetsItsRevision() throws Exception {
        String a = newStream("a");
        String b = newStream("b");

        AppendRecordsResponse written = appendRecords(AppendRecordsRequest.newBuilder()
                .addRecords(record(a, "A1"))
                .addRecords(record(b, "B1"))
                .addRecords(record(a, "A2"))
                .addRecords(record(b, "B2"))
                .addRecords(record(a, "A3"))
                .build());

        assertThat(written.getRevisionsList())
                .extracting(revision -> revision.getStream() + "@" + revision.getRevision())
                .containsExactly(a + "@2", b + "@1");
        assertThat(readForwards(a)).extracting(event -> event.getEventType()).containsExactly("A1", "A2", "A3");
        List<String> inTheLog =
                result(client.readAll(ReadAllOptions.get().fromEnd().backwards().maxCount(5))).getEvents().stream()
                        .map(event -> event.getOriginalEvent().getEventType())
                        .toList()
                        .reversed();
        assertThat(inTheLog).containsExactly("A1", "B1", "A2", "B2", "A3");
        assertThat(written.getPosition())
                .isEqualTo(result(client.readAll(
                                ReadAllOptions.get().fromEnd().backwards().maxCount(1)))
                        .getEvents()
                        .getFirst()
                        .getOriginalEvent()
                        .getPosition()
                        .getCommitUnsigned());
    }

    @Test
    void aFailedCheckOnAStreamNotWrittenRefusesTheWholeAppend() throws Exception {
        String written = newStream("written");
        String checked = newStream("checked");

        StatusRuntimeException refused = refusal(AppendRecordsRequest.newBuilder()
                .addRecords(record(written, "Never"))
                .addChecks(check(checked, EXISTS))
                .build());

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(reason(refused)).isEqualTo("APPEND_CONSISTENCY_VIOLATION");
        assertThat(violations(refused))
                .extracting(ViolationSeen::of)
                .containsExactly(new ViolationSeen(0, checked, EXISTS, NO_STREAM));
        assertThat(streamExists(written)).isFalse();
    }

    @Test
    void everyCheckThatFailsIsNamedAWriteToATombstonedStreamAmongThem() throws Exception {
        String wrongRevision = newStream("wrong");
        result(client.appendToStream(wrongRevision, jsonEvents(2)));
        String gone = newStream("gone");
        result(client.appendToStream(gone, jsonEvents(1)));
        result(client.tombstoneStream(gone, DeleteStreamOptions.get()));
        String fresh = newStream("fresh");

        StatusRuntimeException refused = refusal(AppendRecordsRequest.newBuilder()
                .addChecks(check(wrongRevision, 0))
                .addChecks(check(fresh, NO_STREAM))
                .addRecords(record(fresh, "Fresh"))
                .addRecords(record(gone, "Late"))
                .build());

        assertThat(violations(refused))
                .extracting(ViolationSeen::of)
                .containsExactly(
                        new ViolationSeen(0, wrongRevision, 0, 1), new ViolationSeen(2, gone, ANY, TOMBSTONED));
        assertThat(streamExists(fresh)).isFalse();
    }

    @Test
    void aSoftDeletedStreamIsExpectedAsDeletedAndWritingBringsItBackAfterItsLastRevision() throws Exception {
        String stream = newStream("softly");
        result(client.appendToStream(stream, jsonEvents(2)));
        result(client.deleteStream(stream, DeleteStreamOptions.get()));

        StatusRuntimeException exists = refusal(AppendRecordsRequest.newBuilder()
                .addChecks(check(stream, EXISTS))
                .addRecords(record(stream, "Back"))
                .build());
        assertThat(violations(exists))
                .extracting(ViolationSeen::of)
                .containsExactly(new ViolationSeen(0, stream, EXISTS, DELETED));

        AppendRecordsResponse revived = appendRecords(AppendRecordsRequest.newBuilder()
                .addChecks(check(stream, DELETED))
                .addRecords(record(stream, "Back"))
                .build());
        assertThat(revived.getRevisions(0).getRevision()).isEqualTo(2);
        assertThat(readForwards(stream))
                .extracting(event -> event.getEventType())
                .containsExactly("Back");
    }

    @Test
    void aTombstonedStreamOnlyCheckedHoldsOnlyWhenExpectedTombstoned() throws Exception {
        String gone = newStream("gone");
        result(client.appendToStream(gone, jsonEvents(1)));
        result(client.tombstoneStream(gone, DeleteStreamOptions.get()));
        String written = newStream("written");

        StatusRuntimeException refused = refusal(AppendRecordsRequest.newBuilder()
                .addChecks(check(gone, NO_STREAM))
                .addRecords(record(written, "Refused"))
                .build());
        assertThat(violations(refused))
                .extracting(ViolationSeen::of)
                .containsExactly(new ViolationSeen(0, gone, NO_STREAM, TOMBSTONED));
        assertThat(refusal(AppendRecordsRequest.newBuilder()
                                .addChecks(check(gone, ANY))
                                .addRecords(record(written, "Refused"))
                                .build())
                        .getStatus()
                        .getCode())
                .isEqualTo(Status.Code.FAILED_PRECONDITION);

        AppendRecordsResponse accepted = appendRecords(AppendRecordsRequest.newBuilder()
                .addChecks(check(gone, TOMBSTONED))
                .addRecords(record(written, "Accepted"))
                .build());
        assertThat(accepted.getRevisions(0).getRevision()).isZero();
    }

    @Test
    void aRevisionCheckOnASoftDeletedStreamComparesItsLastRevision() throws Exception {
        String softly = newStream("softly");
        result(client.appendToStream(softly, jsonEvents(2)));
        result(client.deleteStream(softly, DeleteStreamOptions.get()));
        String written = newStream("written");

        StatusRuntimeException refused = refusal(AppendRecordsRequest.newBuilder()
                .addChecks(check(softly, 0))
                .addRecords(record(written, "Refused"))
                .build());
        assertThat(violations(refused))
                .extracting(ViolationSeen::of)
                .containsExactly(new ViolationSeen(0, softly, 0, 1));

        assertThat(appendRecords(AppendRecordsRequest.newBuilder()
                                .addChecks(check(softly, 1))
                                .addRecords(record(written, "Accepted"))
                                .build())
                        .getRevisionsList())
                .extracting(revision -> revision.getStream())
                .containsExactly(written);
    }

    @Test
    void aStreamOnlyCheckedIsNotWrittenNorAnswered() throws Exception {
        String checked = newStream("only-checked");
        String written = newStream("written");

        AppendRecordsResponse answered = appendRecords(AppendRecordsRequest.newBuilder()
                .addChecks(check(checked, NO_STREAM))
                .addRecords(record(written, "One"))
                .build());

        assertThat(answered.getRevisionsList())
                .extracting(revision -> revision.getStream())
                .containsExactly(written);
        assertThat(streamExists(checked)).isFalse();
    }

    @Test
    void aRequestWithoutRecordsOrWithARecordWithoutAStreamIsInvalid() throws Exception {
        assertThat(refusal(AppendRecordsRequest.newBuilder()
                                .addChecks(check(newStream("x"), ANY))
                                .build())
                        .getStatus())
                .satisfies(status -> {
                    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(status.getDescription()).contains("at least one record");
                });
        assertThat(refusal(AppendRecordsRequest.newBuilder()
                                .addRecords(record("", "Nowhere"))
                                .build())
                        .getStatus()
                        .getCode())
                .isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void serverFeaturesListAppendRecordsBesideAppendSession() {
        List<String> v2 = ServerFeaturesGrpc.newBlockingStub(channel)
                .getSupportedMethods(Shared.Empty.getDefaultInstance())
                .getMethodsList()
                .stream()
                .filter(method -> method.getServiceName().equals("kurrentdb.protocol.v2.streams.streamsservice"))
                .map(method -> method.getMethodName())
                .toList();

        assertThat(v2).containsExactlyInAnyOrder("appendsession", "appendrecords");
    }

    private record ViolationSeen(int checkIndex, String stream, long expected, long actual) {
        static ViolationSeen of(ConsistencyViolation violation) {
            return new ViolationSeen(
                    violation.getCheckIndex(),
                    violation.getStreamState().getStream(),
                    violation.getStreamState().getExpectedState(),
                    violation.getStreamState().getActualState());
        }
    }

    private AppendRecordsResponse appendRecords(AppendRecordsRequest request) {
        return ClientCalls.blockingUnaryCall(channel, APPEND_RECORDS, io.grpc.CallOptions.DEFAULT, request);
    }

    private StatusRuntimeException refusal(AppendRecordsRequest request) {
        return catchThrowableOfType(StatusRuntimeException.class, () -> appendRecords(request));
    }

    private static String reason(StatusRuntimeException refused) throws InvalidProtocolBufferException {
        return StatusProto.fromThrowable(refused)
                .getDetails(0)
                .unpack(ErrorInfo.class)
                .getReason();
    }

    private static List<ConsistencyViolation> violations(StatusRuntimeException refused)
            throws InvalidProtocolBufferException {
        com.google.protobuf.Any details = StatusProto.fromThrowable(refused).getDetails(1);
        assertThat(details.getTypeUrl())
                .isEqualTo(
                        "type.googleapis.com/kurrentdb.protocol.v2.streams.errors.AppendConsistencyViolationErrorDetails");
        return AppendConsistencyViolationErrorDetails.parseFrom(details.getValue())
                .getViolationsList();
    }

    private static boolean streamExists(String stream) {
        try {
            return !readForwards(stream).isEmpty();
        } catch (Exception notFound) {
            return false;
        }
    }

    private static ConsistencyCheck check(String stream, long expected) {
        return ConsistencyCheck.newBuilder()
                .setStreamState(ConsistencyCheck.StreamStateCheck.newBuilder()
                        .setStream(stream)
                        .setExpectedState(expected))
                .build();
    }

    private static AppendRecord record(String stream, String type) {
        return AppendRecord.newBuilder()
                .setStream(stream)
                .setRecordId(UUID.randomUUID().toString())
                .setSchema(SchemaInfo.newBuilder()
                        .setFormat(SchemaFormat.SCHEMA_FORMAT_JSON)
                        .setName(type))
                .setData(ByteString.copyFrom("{}", StandardCharsets.UTF_8))
                .build();
    }
}
