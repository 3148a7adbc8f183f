package dev.orderlog.platform.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderlog.order.Money;
import dev.orderlog.order.Order;
import dev.orderlog.order.OrderCommand;
import dev.orderlog.order.OrderDecider;
import dev.orderlog.order.OrderEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two replicas (two pipelines with their own memory and locks) decide the same keyed command from the same revision at
 * the same moment, so the second append reuses the first one's event ids and KurrentDB answers it "already written".
 * What counts is what is stored: the same request is answered with the stored state, another body under the key is
 * refused, and the snapshot taken is of the stored state.
 */
class IdempotencyRaceTest extends WithEmbeddedKurrentDb {
    /** The order decider, except that an armed barrier holds each decision until the other replica has decided too. */
    private static final class LockstepDecider implements Decider<OrderCommand, Order, OrderEvent> {
        volatile CyclicBarrier barrier;

        @Override
        public Order initial() {
            return OrderDecider.DECIDER.initial();
        }

        @Override
        public List<OrderEvent> decide(OrderCommand command, Order state, Instant now) {
            CyclicBarrier armed = barrier;
            if (armed != null) {
                try {
                    armed.await(10, TimeUnit.SECONDS);
                } catch (Exception broken) {
                    throw new IllegalStateException(broken);
                }
            }
            return OrderDecider.DECIDER.decide(command, state, now);
        }

        @Override
        public Order evolve(Order state, OrderEvent event) {
            return OrderDecider.DECIDER.evolve(state, event);
        }

        @Override
        public Order evolveAll(Order state, List<OrderEvent> events) {
            return OrderDecider.DECIDER.evolveAll(state, events);
        }
    }

    private static CommandPipeline<OrderCommand, Order, OrderEvent> replica(LockstepDecider decider) {
        return Replicas.replica(client, decider);
    }

    private static CommandContext keyed(String key, OrderCommand command) {
        return Replicas.keyed(key, command);
    }

    private record Race(
            Future<CommandPipeline.Outcome<Order, OrderEvent>> first,
            Future<CommandPipeline.Outcome<Order, OrderEvent>> second) {}

    private static Race race(
            CommandPipeline<OrderCommand, Order, OrderEvent> one,
            CommandPipeline<OrderCommand, Order, OrderEvent> other,
            String id,
            OrderCommand firstCommand,
            OrderCommand secondCommand,
            String key,
            ExecutorService pool) {
        return new Race(
                pool.submit(() -> one.handle(id, firstCommand, keyed(key, firstCommand), ExpectedRevision.ANY)),
                pool.submit(() -> other.handle(id, secondCommand, keyed(key, secondCommand), ExpectedRevision.ANY)));
    }

    @Test
    void theSameRequestOnTwoReplicasAppendsOnceAndBothAnswerTheStoredState() throws Exception {
        LockstepDecider decider = new LockstepDecider();
        var one = replica(decider);
        var other = replica(decider);
        String id = UUID.randomUUID().toString();
        one.handle(
                id,
                new OrderCommand.CreateOrder(id, "c", "EUR"),
                keyed("create", new OrderCommand.CreateOrder(id, "c", "EUR")),
                ExpectedRevision.ANY);
        OrderCommand addLine = new OrderCommand.AddLine("a", 2, new Money(300, "EUR"));
        decider.barrier = new CyclicBarrier(2);
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Race race = race(one, other, id, addLine, addLine, "line-a", pool);
            var first = race.first().get(20, TimeUnit.SECONDS);
            var second = race.second().get(20, TimeUnit.SECONDS);
            decider.barrier = null;

            CommandPipeline.Loaded<Order> stored =
                    one.replayWhile(id, event -> true).orElseThrow();
            assertThat(stored.revision()).isEqualTo(1);
            assertThat(List.of(first, second)).allSatisfy(outcome -> {
                assertThat(outcome.revision()).isEqualTo(1);
                assertThat(outcome.state()).isEqualTo(stored.state());
            });
            assertThat(List.of(first.repeated(), second.repeated())).containsExactlyInAnyOrder(true, false);
            assertThat(one.load(id).state()).isEqualTo(stored.state());
        }
    }

    @Test
    void anotherBodyUnderTheSameKeyOnAnotherReplicaIsRefusedAndNothingInventedIsStoredOrSnapshotted() throws Exception {
        LockstepDecider decider = new LockstepDecider();
        var one = replica(decider);
        var other = replica(decider);
        String id = UUID.randomUUID().toString();
        one.handle(
                id,
                new OrderCommand.CreateOrder(id, "c", "EUR"),
                keyed("create", new OrderCommand.CreateOrder(id, "c", "EUR")),
                ExpectedRevision.ANY);
        decider.barrier = new CyclicBarrier(2);
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Race race = race(
                    one,
                    other,
                    id,
                    new OrderCommand.AddLine("sku0", 1, new Money(100, "EUR")),
                    new OrderCommand.AddLine("sku1", 1, new Money(100, "EUR")),
                    "same-key",
                    pool);
            List<Object> answers = new java.util.ArrayList<>();
            for (Future<CommandPipeline.Outcome<Order, OrderEvent>> attempt : List.of(race.first(), race.second())) {
                try {
                    answers.add(attempt.get(20, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException refused) {
                    answers.add(refused.getCause());
                }
            }
            decider.barrier = null;

            assertThat(answers)
                    .filteredOn(IdempotencyKeyReused.class::isInstance)
                    .hasSize(1);
            @SuppressWarnings("unchecked")
            var accepted = (CommandPipeline.Outcome<Order, OrderEvent>) answers.stream()
                    .filter(CommandPipeline.Outcome.class::isInstance)
                    .findFirst()
                    .orElseThrow();
            CommandPipeline.Loaded<Order> stored =
                    one.replayWhile(id, event -> true).orElseThrow();
            assertThat(((Order.Draft) stored.state()).lines()).hasSize(1);
            assertThat(accepted.state()).isEqualTo(stored.state());
            // Loading starts from the newest snapshot: taken after each append, it must be of the stored state.
            assertThat(one.load(id).snapshotRevision()).isEqualTo(1);
            assertThat(one.load(id).state()).isEqualTo(stored.state());
            assertThat(other.load(id).state()).isEqualTo(stored.state());
        }
        // Afterwards, on either replica, a retry of the stored request is answered from the log; the other body is
        // refused.
        String storedSku = ((Order.Draft)
                        one.replayWhile(id, event -> true).orElseThrow().state())
                .lines()
                .getFirst()
                .sku();
        OrderCommand stored = new OrderCommand.AddLine(storedSku, 1, new Money(100, "EUR"));
        OrderCommand refused =
                new OrderCommand.AddLine(storedSku.equals("sku0") ? "sku1" : "sku0", 1, new Money(100, "EUR"));
        assertThat(other.handle(id, stored, keyed("same-key", stored), ExpectedRevision.ANY)
                        .repeated())
                .isTrue();
        assertThatThrownBy(() -> one.handle(id, refused, keyed("same-key", refused), ExpectedRevision.ANY))
                .isInstanceOf(IdempotencyKeyReused.class);
    }
}
