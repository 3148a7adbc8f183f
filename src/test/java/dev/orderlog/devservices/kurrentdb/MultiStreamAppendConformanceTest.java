package dev.orderlog.devservices.kurrentdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.kurrent.dbclient.AppendStreamRequest;
import io.kurrent.dbclient.EventData;
import io.kurrent.dbclient.EventDataBuilder;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.MultiStreamAppendResponse;
import io.kurrent.dbclient.ReadStreamOptions;
import io.kurrent.dbclient.RecordSizeExceededException;
import io.kurrent.dbclient.RecordedEvent;
import io.kurrent.dbclient.StreamNotFoundException;
import io.kurrent.dbclient.StreamState;
import io.kurrent.dbclient.StreamTombstonedException;
import io.kurrent.dbclient.TransactionMaxSizeExceededException;
import io.kurrent.dbclient.WrongExpectedVersionException;
import io.kurrent.dbclient.proto.serverfeatures.ServerFeaturesGrpc;
import io.kurrent.dbclient.proto.shared.Shared;
import io.kurrentdb.protocol.v2.streams.errors.StreamAlreadyInAppendSessionErrorDetails;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Multi-stream append (KurrentDB 25.1, v2 AppendSession) through the official client's {@code multiStreamAppend}. */
class MultiStreamAppendConformanceTest extends EmbeddedServerTest {

    private static Iterator<AppendStreamRequest> session(AppendStreamRequest... requests) {
        return List.of(requests).iterator();
    }

    private static AppendStreamRequest request(String stream, StreamState expected, EventData... events) {
        return new AppendStreamRequest(stream, List.of(events).iterator(), expected);
    }

    private static EventData withProperties(String type, String body, String properties) {
        return EventDataBuilder.json(type, body.getBytes(StandardCharsets.UTF_8))
                .metadataAsBytes(properties.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    @Test
    void theClientFindsMultiStreamAppendAndEveryStreamIsWrittenInOneTransaction() throws Exception {
        String order = newStream("order");
        String stock = newStream("stock");
        result(client.appendToStream(stock, jsonEvents(2)));
        MultiStreamAppendResponse response = result(client.multiStreamAppend(session(
                request(order, StreamState.noStream(), json("OrderPlaced", "{}"), json("OrderPaid", "{}")),
                request(stock, StreamState.streamRevision(1), json("StockReserved", "{}")))));

        assertThat(response.getResults())
                .extracting(r -> r.getStream() + "@" + r.getStreamRevision())
                .containsExactly(order + "@1", stock + "@2");
        assertThat(readForwards(order)).hasSize(2);
        RecordedEvent reserved = readForwards(stock).getLast();
        assertThat(reserved.getEventType()).isEqualTo("StockReserved");
        assertThat(response.getPosition())
                .isGreaterThanOrEqualTo(reserved.getPosition().getCommitUnsigned());
    }

    @Test
    void theServerListsExactlyTheMethodsItServesAppendSessionAmongThem() throws Exception {
        assumeEmbedded();
        ManagedChannel channel =
                NettyChannelBuilder.forAddress(host, port).usePlaintext().build();
        try {
            List<String> listed = ServerFeaturesGrpc.newBlockingStub(channel)
                    .getSupportedMethods(Shared.Empty.getDefaultInstance())
                    .getMethodsList()
                    .stream()
                    .map(method -> method.getServiceName() + "/" + method.getMethodName())
                    .toList();
            // Exactly what it serves: projections for the standard ones, no users, no operations.
            assertThat(listed)
                    .containsExactlyInAnyOrder(
                            "event_store.client.streams.streams/append",
                            "event_store.client.streams.streams/batchappend",
                            "event_store.client.streams.streams/read",
                            "event_store.client.streams.streams/delete",
                            "event_store.client.streams.streams/tombstone",
                            "kurrentdb.protocol.v2.streams.streamsservice/appendsession",
                            "kurrentdb.protocol.v2.streams.streamsservice/appendrecords",
                            "event_store.client.persistent_subscriptions.persistentsubscriptions/create",
                            "event_store.client.persistent_subscriptions.persistentsubscriptions/update",
                            "event_store.client.persistent_subscriptions.persistentsubscriptions/delete",
                            "event_store.client.persistent_subscriptions.persistentsubscriptions/read",
                            "event_store.client.persistent_subscriptions.persistentsubscriptions/getinfo",
                            "event_store.client.persistent_subscriptions.persistentsubscriptions/list",
                            "event_store.client.persistent_subscriptions.persistentsubscriptions/replayparked",
                            "event_store.client.persistent_subscriptions.persistentsubscriptions/restartsubsystem",
                            "event_store.client.gossip.gossip/read",
                            "event_store.client.projections.projections/create",
                            "event_store.client.projections.projections/update",
                            "event_store.client.projections.projections/delete",
                            "event_store.client.projections.projections/statistics",
                            "event_store.client.projections.projections/enable",
                            "event_store.client.projections.projections/disable",
                            "event_store.client.projections.projections/reset",
                            "event_store.client.projections.projections/state",
                            "event_store.client.projections.projections/result",
                            "event_store.client.projections.projections/restartsubsystem",
                            "event_store.client.server_features.serverfeatures/getsupportedmethods");
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void oneStreamsConflictRefusesTheWholeSessionNamingThatStream() throws Exception {
        String first = newStream("first");
        String second = newStream("second");
        result(client.appendToStream(second, jsonEvents(3)));
        Throwable failure = failureOf(client.multiStreamAppend(session(
                request(first, StreamState.any(), json("A", "{}")),
                request(second, StreamState.streamRevision(0), json("B", "{}")))));

        assertThat(failure).isInstanceOf(WrongExpectedVersionException.class);
        WrongExpectedVersionException conflict = (WrongExpectedVersionException) failure;
        assertThat(conflict.getStreamName()).isEqualTo(second);
        assertThat(conflict.getExpectedState()).isEqualTo(StreamState.streamRevision(0));
        assertThat(conflict.getActualState()).isEqualTo(StreamState.streamRevision(2));
        assertThat(readForwardsOrEmpty(first))
                .as("nothing of the session was written")
                .isEmpty();
    }

    @Test
    void eachExpectedStateIsCheckedAsTheServerChecksIt() throws Exception {
        String existing = newStream("existing");
        result(client.appendToStream(existing, jsonEvents(1)));
        String missing = newStream("missing");

        assertThat(result(client.multiStreamAppend(session(
                                request(existing, StreamState.streamExists(), json("E", "{}")),
                                request(missing, StreamState.noStream(), json("N", "{}")))))
                        .getResults())
                .extracting(r -> r.getStreamRevision())
                .containsExactly(1L, 0L);
        WrongExpectedVersionException exists = (WrongExpectedVersionException) failureOf(client.multiStreamAppend(
                session(request(newStream("absent"), StreamState.streamExists(), json("E", "{}")))));
        assertThat(exists.getActualState()).isEqualTo(StreamState.noStream());
        WrongExpectedVersionException noStream = (WrongExpectedVersionException) failureOf(
                client.multiStreamAppend(session(request(existing, StreamState.noStream(), json("N", "{}")))));
        assertThat(noStream.getActualState()).isEqualTo(StreamState.streamRevision(1));
    }

    @Test
    void aTombstonedStreamRefusesTheSession() throws Exception {
        String gone = newStream("gone");
        result(client.appendToStream(gone, jsonEvents(1)));
        result(client.tombstoneStream(gone));
        String other = newStream("other");
        Throwable failure = failureOf(client.multiStreamAppend(session(
                request(other, StreamState.any(), json("A", "{}")),
                request(gone, StreamState.any(), json("B", "{}")))));
        assertThat(failure).isInstanceOf(StreamTombstonedException.class);
        assertThat(readForwardsOrEmpty(other)).isEmpty();
    }

    @Test
    void theSameStreamTwiceAndAnEmptySessionAreRefusedAsTheServerRefusesThem() throws Exception {
        String stream = newStream("twice");
        Throwable twice = failureOf(client.multiStreamAppend(session(
                request(stream, StreamState.any(), json("A", "{}")),
                request(stream.toUpperCase(), StreamState.any(), json("B", "{}")))));
        StatusRuntimeException aborted = (StatusRuntimeException) twice;
        assertThat(aborted.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
        assertThat(StatusProto.fromThrowable(aborted).getDetailsList()).anySatisfy(detail -> {
            assertThat(detail.is(StreamAlreadyInAppendSessionErrorDetails.class))
                    .isTrue();
            assertThat(detail.unpack(StreamAlreadyInAppendSessionErrorDetails.class)
                            .getStream())
                    .isEqualToIgnoringCase(stream);
        });
        assertThat(readForwardsOrEmpty(stream)).isEmpty();

        Throwable empty = failureOf(
                client.multiStreamAppend(List.<AppendStreamRequest>of().iterator()));
        assertThat(((StatusRuntimeException) empty).getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    }

    @Test
    void aSessionOverTheAppendLimitIsRefusedWhole() throws Exception {
        String stream = newStream("large");
        byte[] half = new byte[EmbeddedKurrentDb.DEFAULT_MAX_APPEND_SIZE / 2 + 10];
        Throwable failure = failureOf(client.multiStreamAppend(session(request(
                stream,
                StreamState.any(),
                EventDataBuilder.binary("Blob", half).build(),
                EventDataBuilder.binary("Blob", half).build()))));
        assertThat(failure).isInstanceOf(TransactionMaxSizeExceededException.class);
        assertThat(readForwardsOrEmpty(stream)).isEmpty();
    }

    @Test
    void aRecordOverTheRecordLimitIsRefusedNamingIt() throws Exception {
        assumeEmbedded();
        try (EmbeddedKurrentDb small =
                EmbeddedKurrentDb.start(EmbeddedKurrentDb.Options.defaults().withMaxRecordSize(1000))) {
            KurrentDBClient smallClient = connect(small.connectionString());
            try {
                UUID id = UUID.randomUUID();
                Throwable failure = failureOf(smallClient.multiStreamAppend(session(request(
                        "big-" + id,
                        StreamState.any(),
                        EventDataBuilder.binary(id, "Blob", new byte[2000]).build()))));
                assertThat(failure).isInstanceOf(RecordSizeExceededException.class);
                RecordSizeExceededException tooLarge = (RecordSizeExceededException) failure;
                assertThat(tooLarge.getStream()).isEqualTo("big-" + id);
                assertThat(tooLarge.getRecordId()).isEqualTo(id.toString());
                assertThat(tooLarge.getMaxSize()).isEqualTo(1000);
            } finally {
                smallClient.shutdown().get();
            }
        }
    }

    @Test
    void recordPropertiesReadBackAsTheServerShowsThemToAV1Read() throws Exception {
        String stream = newStream("props");
        result(client.multiStreamAppend(session(request(
                stream,
                StreamState.any(),
                withProperties("OrderPlaced", "{\"id\":1}", "{\"tenant\":\"acme\"}"),
                EventDataBuilder.binary("Blob", new byte[] {1, 2})
                        .metadataAsBytes("{\"k\":\"v\"}".getBytes(StandardCharsets.UTF_8))
                        .build()))));

        List<RecordedEvent> events = readForwards(stream);
        assertThat(events.get(0).getEventType()).isEqualTo("OrderPlaced");
        assertThat(events.get(0).getContentType()).isEqualTo("application/json");
        assertThat(new String(events.get(0).getUserMetadata(), StandardCharsets.UTF_8))
                .isEqualTo("{ \"tenant\": \"acme\", \"$schema.name\": \"OrderPlaced\", \"$schema.format\": \"Json\" }");
        assertThat(events.get(1).getContentType()).isEqualTo("application/octet-stream");
        assertThat(new String(events.get(1).getUserMetadata(), StandardCharsets.UTF_8))
                .isEqualTo("{ \"k\": \"v\", \"$schema.format\": \"Bytes\", \"$schema.name\": \"Blob\" }");
        assertThat(events.get(1).getEventData()).containsExactly(1, 2);
    }

    private static List<RecordedEvent> readForwardsOrEmpty(String stream) throws Exception {
        try {
            return result(client.readStream(stream, ReadStreamOptions.get())).getEvents().stream()
                    .map(e -> e.getOriginalEvent())
                    .toList();
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof StreamNotFoundException) {
                return List.of();
            }
            throw failed;
        }
    }
}
