package dev.orderlog.devservices.kurrentdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurrent.dbclient.AppendToStreamOptions;
import io.kurrent.dbclient.RecordedEvent;
import io.kurrent.dbclient.WrongExpectedVersionException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConcurrencyConformanceTest extends EmbeddedServerTest {

    @Test
    void concurrentWritersWithExactRevisionsGetExactlyOneWinnerPerRevision() throws Exception {
        String stream = newStream("race");
        int writers = 16;
        int revisions = 40;
        AtomicInteger wins = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            for (long revision = -1; revision < revisions - 1; revision++) {
                List<CompletableFuture<?>> attempts = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    AppendToStreamOptions options = revision < 0
                            ? AppendToStreamOptions.get().streamState(io.kurrent.dbclient.StreamState.noStream())
                            : AppendToStreamOptions.get().streamRevision(revision);
                    String body = "{\"writer\":" + w + ",\"after\":" + revision + "}";
                    attempts.add(CompletableFuture.supplyAsync(
                                    () -> client.appendToStream(stream, options, json("Claimed", body)), pool)
                            .thenCompose(f -> f)
                            .handle((ok, error) -> {
                                if (error == null) {
                                    wins.incrementAndGet();
                                } else if (error.getCause() instanceof WrongExpectedVersionException) {
                                    conflicts.incrementAndGet();
                                }
                                return null;
                            }));
                }
                CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new))
                        .get();
            }
        }
        List<RecordedEvent> events = readForwards(stream);
        assertThat(wins.get()).isEqualTo(revisions);
        assertThat(conflicts.get()).isEqualTo(revisions * (writers - 1));
        assertThat(events)
                .extracting(RecordedEvent::getRevision)
                .containsExactlyElementsOf(
                        java.util.stream.LongStream.range(0, revisions).boxed().toList());
    }

    @Test
    void concurrentAppendsWithAnyLoseNothingAndDuplicateNothing() throws Exception {
        String stream = newStream("any");
        int writers = 8;
        int perWriter = 50;
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                all.add(CompletableFuture.runAsync(
                        () -> {
                            for (int i = 0; i < perWriter; i++) {
                                try {
                                    client.appendToStream(stream, json("Hit", "{\"w\":" + writer + ",\"i\":" + i + "}"))
                                            .get();
                                } catch (InterruptedException | ExecutionException e) {
                                    throw new IllegalStateException(e);
                                }
                            }
                        },
                        pool));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
        }
        List<RecordedEvent> events = readForwards(stream);
        Set<String> bodies = new HashSet<>();
        events.forEach(e -> bodies.add(body(e)));
        assertThat(events).hasSize(writers * perWriter);
        assertThat(bodies).hasSize(writers * perWriter);
    }
}
