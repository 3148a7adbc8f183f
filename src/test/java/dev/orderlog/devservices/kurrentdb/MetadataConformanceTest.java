package dev.orderlog.devservices.kurrentdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.kurrent.dbclient.Acls;
import io.kurrent.dbclient.AppendToStreamOptions;
import io.kurrent.dbclient.DeleteStreamOptions;
import io.kurrent.dbclient.ReadAllOptions;
import io.kurrent.dbclient.ReadStreamOptions;
import io.kurrent.dbclient.StreamDeletedException;
import io.kurrent.dbclient.StreamMetadata;
import io.kurrent.dbclient.StreamNotFoundException;
import io.kurrent.dbclient.StreamState;
import io.kurrent.dbclient.WriteResult;
import io.kurrent.dbclient.WrongExpectedVersionException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataConformanceTest extends EmbeddedServerTest {

    @Test
    void maxCountHidesOlderEventsWithoutRenumberingThem() throws Exception {
        String stream = newStream("capped");
        result(client.appendToStream(stream, jsonEvents(10)));
        StreamMetadata metadata = new StreamMetadata();
        metadata.setMaxCount(3L);
        result(client.setStreamMetadata(stream, metadata));
        assertThat(readForwards(stream)).extracting(e -> e.getRevision()).containsExactly(7L, 8L, 9L);
        assertThat(result(client.readStream(
                                stream, ReadStreamOptions.get().backwards().fromEnd()))
                        .getEvents())
                .hasSize(3);
    }

    @Test
    void allStillShowsEventsThatStreamMetadataHides() throws Exception {
        String stream = newStream("capped");
        result(client.appendToStream(stream, jsonEvents(4)));
        StreamMetadata metadata = new StreamMetadata();
        metadata.setMaxCount(1L);
        result(client.setStreamMetadata(stream, metadata));
        long inAll =
                result(client.readAll(ReadAllOptions.get().backwards().fromEnd().maxCount(50))).getEvents().stream()
                        .filter(e -> e.getOriginalEvent().getStreamId().equals(stream))
                        .count();
        assertThat(inAll).isEqualTo(4);
    }

    @Test
    void truncateBeforeHidesEarlierRevisions() throws Exception {
        String stream = newStream("truncated");
        result(client.appendToStream(stream, jsonEvents(6)));
        StreamMetadata metadata = new StreamMetadata();
        metadata.setTruncateBefore(4L);
        result(client.setStreamMetadata(stream, metadata));
        assertThat(readForwards(stream)).extracting(e -> e.getRevision()).containsExactly(4L, 5L);
    }

    @Test
    void maxAgeHidesEventsOlderThanIt() throws Exception {
        String stream = newStream("aged");
        result(client.appendToStream(stream, jsonEvents(2)));
        Thread.sleep(1_100);
        result(client.appendToStream(stream, jsonEvents(1)));
        StreamMetadata metadata = new StreamMetadata();
        metadata.setMaxAge(1L);
        result(client.setStreamMetadata(stream, metadata));
        assertThat(readForwards(stream)).extracting(e -> e.getRevision()).containsExactly(2L);
    }

    @Test
    void systemAndCustomKeysRoundTrip() throws Exception {
        String stream = newStream("meta");
        StreamMetadata metadata = new StreamMetadata();
        metadata.setMaxCount(5L);
        metadata.setMaxAge(3600L);
        metadata.setCacheControl(60L);
        metadata.setAcl(Acls.newStreamAcl().addReadRoles("$admins").addWriteRoles("ops"));
        metadata.setCustomProperties(Map.of("owner", "orders-team"));
        result(client.setStreamMetadata(stream, metadata));
        StreamMetadata read = result(client.getStreamMetadata(stream));
        assertThat(read).isEqualTo(metadata);
    }

    @Test
    void theMetadataStreamBehavesAsIfCappedAtOneEvent() throws Exception {
        String stream = newStream("meta");
        for (long count = 1; count <= 3; count++) {
            StreamMetadata metadata = new StreamMetadata();
            metadata.setMaxCount(count);
            result(client.setStreamMetadata(stream, metadata));
        }
        assertThat(readForwards("$$" + stream))
                .singleElement()
                .satisfies(e -> assertThat(e.getRevision()).isEqualTo(2L));
        assertThat(result(client.getStreamMetadata(stream)).getMaxCount()).isEqualTo(3L);
    }

    @Test
    void softDeleteMakesReadsAnswerNotFoundAndALaterAppendContinuesTheRevisions() throws Exception {
        String stream = newStream("soft");
        result(client.appendToStream(stream, jsonEvents(3)));
        result(client.deleteStream(stream, DeleteStreamOptions.get().streamRevision(2)));
        assertThat(failureOf(client.readStream(stream, ReadStreamOptions.get())))
                .isInstanceOf(StreamNotFoundException.class);
        assertThat(result(client.getStreamMetadata(stream)).getTruncateBefore()).isEqualTo(Long.MAX_VALUE);

        WriteResult revived = result(client.appendToStream(
                stream, AppendToStreamOptions.get().streamState(StreamState.noStream()), json("Again", "{}")));
        assertThat(revived.getNextExpectedRevision()).isEqualTo(StreamState.streamRevision(3));
        assertThat(readForwards(stream)).extracting(e -> e.getRevision()).containsExactly(3L);
        assertThat(result(client.getStreamMetadata(stream)).getTruncateBefore()).isEqualTo(3L);
    }

    @Test
    void deletingAStreamThatNeverExistedIsAWrongExpectedVersionEvenWithAny() throws Exception {
        Throwable failure = failureOf(client.deleteStream(
                newStream("never"), DeleteStreamOptions.get().streamState(StreamState.any())));
        assertThat(failure).isInstanceOf(WrongExpectedVersionException.class);
        assertThat(((WrongExpectedVersionException) failure).getActualState()).isEqualTo(StreamState.noStream());
    }

    @Test
    void deletingWithAStaleRevisionIsAWrongExpectedVersion() throws Exception {
        String stream = newStream("soft");
        result(client.appendToStream(stream, jsonEvents(3)));
        Throwable failure =
                failureOf(client.deleteStream(stream, DeleteStreamOptions.get().streamRevision(1)));
        assertThat(((WrongExpectedVersionException) failure).getExpectedState())
                .isEqualTo(StreamState.streamRevision(1));
        assertThat(((WrongExpectedVersionException) failure).getActualState()).isEqualTo(StreamState.streamRevision(2));
        assertThat(readForwards(stream)).hasSize(3);
    }

    @Test
    void tombstoneDeletesTheStreamForReadsAndAppendsForGood() throws Exception {
        String stream = newStream("hard");
        result(client.appendToStream(stream, jsonEvents(2)));
        result(client.tombstoneStream(stream, DeleteStreamOptions.get()));
        // The Java client passes read errors through as they come: FAILED_PRECONDITION with exception stream-deleted.
        StatusRuntimeException readFailure =
                (StatusRuntimeException) failureOf(client.readStream(stream, ReadStreamOptions.get()));
        assertThat(readFailure.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(readFailure.getTrailers().get(Metadata.Key.of("exception", Metadata.ASCII_STRING_MARSHALLER)))
                .isEqualTo("stream-deleted");
        assertThat(failureOf(client.appendToStream(
                        stream, AppendToStreamOptions.get().streamState(StreamState.noStream()), json("X", "{}"))))
                .isInstanceOf(StreamDeletedException.class);
        assertThat(failureOf(client.tombstoneStream(stream, DeleteStreamOptions.get())))
                .isInstanceOf(StreamDeletedException.class);
    }

    /** KurrentDB tombstones a stream never written when the delete expects it to have none, or any. */
    @Test
    void aStreamNeverWrittenIsTombstonedExpectingNoStreamOrAny() throws Exception {
        for (StreamState expected : List.of(StreamState.noStream(), StreamState.any())) {
            String stream = newStream("never-hard");
            result(client.tombstoneStream(stream, DeleteStreamOptions.get().streamState(expected)));
            assertThat(failureOf(client.appendToStream(
                            stream, AppendToStreamOptions.get().streamState(StreamState.any()), json("X", "{}"))))
                    .isInstanceOf(StreamDeletedException.class);
        }
    }

    /** A stream with metadata but no event is deleted softly when the delete expects it to have none. */
    @Test
    void aStreamWithOnlyMetadataIsSoftDeletedExpectingNoStream() throws Exception {
        String stream = newStream("only-metadata");
        StreamMetadata limits = new StreamMetadata();
        limits.setMaxCount(10L);
        result(client.setStreamMetadata(stream, limits));
        result(client.deleteStream(stream, DeleteStreamOptions.get().streamState(StreamState.noStream())));
        assertThat(result(client.getStreamMetadata(stream)).getTruncateBefore()).isEqualTo(Long.MAX_VALUE);
        assertThat(failureOf(client.readStream(stream, ReadStreamOptions.get())))
                .isInstanceOf(StreamNotFoundException.class);
    }
}
