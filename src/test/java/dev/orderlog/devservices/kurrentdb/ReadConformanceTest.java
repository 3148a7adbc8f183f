package dev.orderlog.devservices.kurrentdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurrent.dbclient.Position;
import io.kurrent.dbclient.ReadAllOptions;
import io.kurrent.dbclient.ReadResult;
import io.kurrent.dbclient.ReadStreamOptions;
import io.kurrent.dbclient.RecordedEvent;
import io.kurrent.dbclient.ResolvedEvent;
import io.kurrent.dbclient.StreamNotFoundException;
import io.kurrent.dbclient.WriteResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadConformanceTest extends EmbeddedServerTest {

    private static List<Long> revisions(ReadResult result) {
        return result.getEvents().stream()
                .map(e -> e.getOriginalEvent().getRevision())
                .toList();
    }

    @Test
    void readsAStreamForwardsFromTheStartWithACount() throws Exception {
        String stream = newStream("read");
        result(client.appendToStream(stream, jsonEvents(10)));
        ReadResult result = result(client.readStream(
                stream, ReadStreamOptions.get().forwards().fromStart().maxCount(4)));
        assertThat(revisions(result)).containsExactly(0L, 1L, 2L, 3L);
        assertThat(result.getLastStreamPosition()).isEqualTo(9);
    }

    @Test
    void readsAStreamForwardsFromARevisionInclusive() throws Exception {
        String stream = newStream("read");
        result(client.appendToStream(stream, jsonEvents(10)));
        assertThat(revisions(result(client.readStream(
                        stream, ReadStreamOptions.get().forwards().fromRevision(7)))))
                .containsExactly(7L, 8L, 9L);
    }

    @Test
    void readsAStreamBackwardsFromTheEndAndFromARevision() throws Exception {
        String stream = newStream("read");
        result(client.appendToStream(stream, jsonEvents(5)));
        assertThat(revisions(result(client.readStream(
                        stream, ReadStreamOptions.get().backwards().fromEnd().maxCount(3)))))
                .containsExactly(4L, 3L, 2L);
        assertThat(revisions(result(client.readStream(
                        stream, ReadStreamOptions.get().backwards().fromRevision(1)))))
                .containsExactly(1L, 0L);
    }

    @Test
    void readingForwardsFromTheEndReturnsNothing() throws Exception {
        String stream = newStream("read");
        result(client.appendToStream(stream, jsonEvents(3)));
        assertThat(result(client.readStream(
                                stream, ReadStreamOptions.get().forwards().fromEnd()))
                        .getEvents())
                .isEmpty();
    }

    @Test
    void readingAMissingStreamAnswersStreamNotFound() throws Exception {
        Throwable failure = failureOf(client.readStream(newStream("missing"), ReadStreamOptions.get()));
        assertThat(failure).isInstanceOf(StreamNotFoundException.class);
    }

    @Test
    void allPositionsIncreaseStrictlyAcrossStreamsAndMatchTheAppendResult() throws Exception {
        String a = newStream("pos-a");
        String b = newStream("pos-b");
        List<WriteResult> writes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            writes.add(result(client.appendToStream(i % 2 == 0 ? a : b, json("Tick", "{\"i\":" + i + "}"))));
        }
        for (int i = 1; i < writes.size(); i++) {
            assertThat(writes.get(i).getLogPosition())
                    .isGreaterThan(writes.get(i - 1).getLogPosition());
        }
        RecordedEvent lastOfA = readForwards(a).get(2);
        assertThat(lastOfA.getPosition()).isEqualTo(writes.get(4).getLogPosition());

        ReadResult all = result(client.readAll(ReadAllOptions.get()
                .forwards()
                .fromPosition(writes.get(0).getLogPosition())
                .maxCount(5)));
        assertThat(all.getEvents())
                .extracting(e -> e.getOriginalEvent().getPosition())
                .containsExactlyElementsOf(
                        writes.stream().map(WriteResult::getLogPosition).toList());
    }

    /** KurrentDB (since 22.6) gives a stream read's events their commit position too, not {@code no_position}. */
    @Test
    void aStreamReadCarriesEachEventsCommitPosition() throws Exception {
        String stream = newStream("stream-positions");
        WriteResult written = result(client.appendToStream(stream, jsonEvents(2)));
        List<ResolvedEvent> read = result(client.readStream(
                        stream, ReadStreamOptions.get().forwards().fromStart()))
                .getEvents();
        assertThat(read)
                .allSatisfy(event -> assertThat(event.getPosition())
                        .as("the read event's position")
                        .contains(event.getOriginalEvent().getPosition()));
        assertThat(read.getLast().getPosition()).contains(written.getLogPosition());
    }

    @Test
    void readsAllBackwardsFromTheEndNewestFirst() throws Exception {
        String stream = newStream("all-backwards");
        result(client.appendToStream(stream, jsonEvents(3)));
        List<ResolvedEvent> newest = result(client.readAll(
                        ReadAllOptions.get().backwards().fromEnd().maxCount(3)))
                .getEvents();
        assertThat(newest).extracting(e -> e.getOriginalEvent().getRevision()).containsExactly(2L, 1L, 0L);
        assertThat(newest).extracting(e -> e.getOriginalEvent().getStreamId()).containsOnly(stream);
    }

    @Test
    void readingAllBackwardsFromAPositionReturnsTheRecordsBeforeIt() throws Exception {
        // TFChunkReader.TryReadPrev reads the record that ends at the position, so the one starting there is excluded.
        String stream = newStream("all-backwards");
        result(client.appendToStream(stream, jsonEvents(3)));
        Position third = readForwards(stream).get(2).getPosition();
        List<ResolvedEvent> before = result(client.readAll(
                        ReadAllOptions.get().backwards().fromPosition(third).maxCount(2)))
                .getEvents();
        assertThat(before).extracting(e -> e.getOriginalEvent().getRevision()).containsExactly(1L, 0L);
    }

    @Test
    void allContainsTheServersSystemEvents() throws Exception {
        List<ResolvedEvent> first = result(client.readAll(
                        ReadAllOptions.get().forwards().fromStart().maxCount(10)))
                .getEvents();
        assertThat(first).extracting(e -> e.getOriginalEvent().getStreamId()).contains("$users", "$user-admin");
    }

    @Test
    void anAllReadNeverShowsHalfOfAMultiEventAppend() throws Exception {
        String stream = newStream("atomic");
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < 50; i++) {
                    result(client.appendToStream(stream, jsonEvents(20)));
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        while (writer.isAlive()) {
            long count =
                    result(client.readAll(
                                    ReadAllOptions.get().backwards().fromEnd().maxCount(2000)))
                            .getEvents()
                            .stream()
                            .filter(e -> e.getOriginalEvent().getStreamId().equals(stream))
                            .count();
            assertThat(count % 20).isZero();
        }
        writer.join();
        assertThat(readForwards(stream)).hasSize(1000);
    }
}
