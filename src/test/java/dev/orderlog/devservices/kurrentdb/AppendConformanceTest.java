package dev.orderlog.devservices.kurrentdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.kurrent.dbclient.AppendToStreamOptions;
import io.kurrent.dbclient.DeleteStreamOptions;
import io.kurrent.dbclient.EventData;
import io.kurrent.dbclient.EventDataBuilder;
import io.kurrent.dbclient.RecordedEvent;
import io.kurrent.dbclient.StreamDeletedException;
import io.kurrent.dbclient.StreamState;
import io.kurrent.dbclient.WriteResult;
import io.kurrent.dbclient.WrongExpectedVersionException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AppendConformanceTest extends EmbeddedServerTest {

    @Test
    void appendWithNoStreamCreatesTheStreamAtRevisionZero() throws Exception {
        String stream = newStream("append");
        WriteResult result = result(client.appendToStream(
                stream, AppendToStreamOptions.get().streamState(StreamState.noStream()), json("Created", "{}")));
        assertThat(result.getNextExpectedRevision()).isEqualTo(StreamState.streamRevision(0));
        assertThat(result.getLogPosition().getCommitUnsigned())
                .isEqualTo(result.getLogPosition().getPrepareUnsigned());
    }

    @Test
    void appendWithNoStreamToAnExistingStreamIsAWrongExpectedVersionWithTheCurrentRevision() throws Exception {
        String stream = newStream("append");
        result(client.appendToStream(stream, jsonEvents(3)));
        Throwable failure = failureOf(client.appendToStream(
                stream, AppendToStreamOptions.get().streamState(StreamState.noStream()), json("Again", "{}")));
        assertThat(failure).isInstanceOf(WrongExpectedVersionException.class);
        assertThat(((WrongExpectedVersionException) failure).getActualState()).isEqualTo(StreamState.streamRevision(2));
    }

    @Test
    void appendWithExactRevisionSucceedsOnlyAtTheCurrentRevision() throws Exception {
        String stream = newStream("append");
        result(client.appendToStream(stream, jsonEvents(2)));
        WriteResult ok = result(
                client.appendToStream(stream, AppendToStreamOptions.get().streamRevision(1), json("Third", "{}")));
        assertThat(ok.getNextExpectedRevision()).isEqualTo(StreamState.streamRevision(2));

        Throwable stale = failureOf(
                client.appendToStream(stream, AppendToStreamOptions.get().streamRevision(1), json("Stale", "{}")));
        WrongExpectedVersionException conflict = (WrongExpectedVersionException) stale;
        assertThat(conflict.getExpectedState()).isEqualTo(StreamState.streamRevision(1));
        assertThat(conflict.getActualState()).isEqualTo(StreamState.streamRevision(2));
        assertThat(readForwards(stream)).hasSize(3);
    }

    @Test
    void appendWithARevisionAheadOfTheStreamIsRefused() throws Exception {
        String stream = newStream("append");
        Throwable failure = failureOf(
                client.appendToStream(stream, AppendToStreamOptions.get().streamRevision(5), json("Early", "{}")));
        assertThat(((WrongExpectedVersionException) failure).getActualState()).isEqualTo(StreamState.noStream());
        assertThat(((WrongExpectedVersionException) failure).getExpectedState())
                .isEqualTo(StreamState.streamRevision(5));
    }

    @Test
    void appendWithStreamExistsNeedsTheStreamToExist() throws Exception {
        String stream = newStream("append");
        Throwable failure = failureOf(client.appendToStream(
                stream, AppendToStreamOptions.get().streamState(StreamState.streamExists()), json("Orphan", "{}")));
        assertThat(((WrongExpectedVersionException) failure).getExpectedState()).isEqualTo(StreamState.streamExists());
        assertThat(((WrongExpectedVersionException) failure).getActualState()).isEqualTo(StreamState.noStream());

        result(client.appendToStream(stream, json("First", "{}")));
        WriteResult ok = result(client.appendToStream(
                stream, AppendToStreamOptions.get().streamState(StreamState.streamExists()), json("Second", "{}")));
        assertThat(ok.getNextExpectedRevision()).isEqualTo(StreamState.streamRevision(1));
    }

    @Test
    void appendWithAnyAlwaysAppendsAtTheEnd() throws Exception {
        String stream = newStream("append");
        result(client.appendToStream(stream, jsonEvents(2)));
        WriteResult result = result(client.appendToStream(
                stream, AppendToStreamOptions.get().streamState(StreamState.any()), jsonEvents(3)));
        assertThat(result.getNextExpectedRevision()).isEqualTo(StreamState.streamRevision(4));
    }

    @Test
    void multiEventAppendIsAtomicWhenItConflicts() throws Exception {
        String stream = newStream("append");
        result(client.appendToStream(stream, jsonEvents(1)));
        failureOf(client.appendToStream(
                stream, AppendToStreamOptions.get().streamState(StreamState.noStream()), jsonEvents(5)));
        assertThat(readForwards(stream)).hasSize(1);
    }

    @Test
    void reappendingTheSameEventIdsAtTheSameExpectedRevisionIsIdempotent() throws Exception {
        // IndexWriter.CheckCommit: ids already at expected+1.. are answered as already committed.
        String stream = newStream("idempotent");
        EventData[] events = jsonEvents(3);
        WriteResult first = result(
                client.appendToStream(stream, AppendToStreamOptions.get().streamState(StreamState.noStream()), events));
        WriteResult again = result(
                client.appendToStream(stream, AppendToStreamOptions.get().streamState(StreamState.noStream()), events));
        assertThat(again.getNextExpectedRevision()).isEqualTo(first.getNextExpectedRevision());
        assertThat(again.getLogPosition()).isEqualTo(first.getLogPosition());
        assertThat(readForwards(stream)).hasSize(3);
    }

    @Test
    void reappendingTheSameEventIdsWithAnyIsIdempotent() throws Exception {
        String stream = newStream("idempotent");
        result(client.appendToStream(stream, jsonEvents(2)));
        EventData[] events = jsonEvents(2);
        WriteResult first = result(client.appendToStream(stream, events));
        WriteResult again = result(client.appendToStream(stream, events));
        assertThat(again.getNextExpectedRevision())
                .isEqualTo(StreamState.streamRevision(3))
                .isEqualTo(first.getNextExpectedRevision());
        assertThat(readForwards(stream)).hasSize(4);
    }

    @Test
    void reappendingOnlyPartOfAnEarlierAppendIsAConflict() throws Exception {
        // CorruptedIdempotency is answered as wrong expected version.
        String stream = newStream("idempotent");
        EventData[] events = jsonEvents(2);
        result(client.appendToStream(stream, AppendToStreamOptions.get().streamState(StreamState.noStream()), events));
        Throwable failure = failureOf(client.appendToStream(
                stream,
                AppendToStreamOptions.get().streamState(StreamState.noStream()),
                events[0],
                json("Different", "{}")));
        assertThat(failure).isInstanceOf(WrongExpectedVersionException.class);
        assertThat(readForwards(stream)).hasSize(2);
    }

    @Test
    void anAppendOverTheMaximumAppendSizeIsRefusedWholeWithTheServersError() throws Exception {
        String stream = newStream("big");
        byte[] half = new byte[EmbeddedKurrentDb.DEFAULT_MAX_APPEND_SIZE / 2];
        EventData a = EventDataBuilder.binary("Big", half).build();
        EventData b = EventDataBuilder.binary("Big", half).build();
        Throwable failure = failureOf(client.appendToStream(stream, a, b));
        StatusRuntimeException status = (StatusRuntimeException) failure;
        assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getTrailers()
                        .get(io.grpc.Metadata.Key.of("exception", io.grpc.Metadata.ASCII_STRING_MARSHALLER)))
                .isEqualTo("maximum-append-size-exceeded");
        assertThat(failureOf(client.readStream(stream, io.kurrent.dbclient.ReadStreamOptions.get())))
                .isInstanceOf(io.kurrent.dbclient.StreamNotFoundException.class);
    }

    @Test
    void dataMetadataTypeContentTypeAndCreatedRoundTripExactly() throws Exception {
        String stream = newStream("roundtrip");
        byte[] data = new byte[256];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        byte[] metadata = "{\"correlationId\":\"c-1\",\"unicode\":\"ünï\"}".getBytes(StandardCharsets.UTF_8);
        UUID id = UUID.randomUUID();
        Instant before = Instant.now();
        result(client.appendToStream(
                stream,
                EventDataBuilder.binary(id, "Binary.Thing", data)
                        .metadataAsBytes(metadata)
                        .build(),
                EventDataBuilder.json("Json.Thing", "{\"a\":1}".getBytes(StandardCharsets.UTF_8))
                        .build()));
        Instant after = Instant.now();

        RecordedEvent binary = readForwards(stream).get(0);
        assertThat(binary.getEventId()).isEqualTo(id);
        assertThat(binary.getEventType()).isEqualTo("Binary.Thing");
        assertThat(binary.getContentType()).isEqualTo("application/octet-stream");
        assertThat(binary.getEventData()).isEqualTo(data);
        assertThat(binary.getUserMetadata()).isEqualTo(metadata);
        assertThat(binary.getCreated()).isBetween(before.minus(Duration.ofMillis(1)), after.plus(Duration.ofMillis(1)));
        RecordedEvent json = readForwards(stream).get(1);
        assertThat(json.getContentType()).isEqualTo("application/json");
        assertThat(body(json)).isEqualTo("{\"a\":1}");
    }

    @Test
    void appendingToATombstonedStreamAnswersStreamDeleted() throws Exception {
        String stream = newStream("tombstoned");
        result(client.appendToStream(stream, jsonEvents(1)));
        result(client.tombstoneStream(stream, DeleteStreamOptions.get()));
        assertThat(failureOf(client.appendToStream(stream, json("Late", "{}"))))
                .isInstanceOf(StreamDeletedException.class);
    }

    @Test
    void appendingWithStreamExistsToASoftDeletedStreamAnswersStreamDeleted() throws Exception {
        String stream = newStream("softdeleted");
        result(client.appendToStream(stream, jsonEvents(1)));
        result(client.deleteStream(stream, DeleteStreamOptions.get()));
        assertThat(failureOf(client.appendToStream(
                        stream,
                        AppendToStreamOptions.get().streamState(StreamState.streamExists()),
                        json("Late", "{}"))))
                .isInstanceOf(StreamDeletedException.class);
    }
}
