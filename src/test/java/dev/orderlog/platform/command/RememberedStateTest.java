package dev.orderlog.platform.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderlog.order.Money;
import dev.orderlog.order.Order;
import dev.orderlog.order.OrderCommand;
import dev.orderlog.order.OrderDecider;
import dev.orderlog.order.OrderEvent;
import dev.orderlog.order.ShippingAddress;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A replica starts a command from the state it last decided on; another replica may have moved the stream since. An
 * append with a stale revision fails and is retried, and a refusal decided on a remembered state is decided again on
 * what is stored before it is answered.
 */
class RememberedStateTest extends WithEmbeddedKurrentDb {
    /** Replica {@code one} remembers a draft at revision 1; replica {@code other} has placed the order since (revision 2). */
    private static String placedBehindTheBackOf(
            CommandPipeline<OrderCommand, Order, OrderEvent> one,
            CommandPipeline<OrderCommand, Order, OrderEvent> other) {
        String id = UUID.randomUUID().toString();
        one.handle(id, new OrderCommand.CreateOrder(id, "c", "EUR"), Replicas.unkeyed(), ExpectedRevision.ANY);
        one.handle(
                id, new OrderCommand.AddLine("a", 2, new Money(500, "EUR")), Replicas.unkeyed(), ExpectedRevision.ANY);
        other.handle(
                id,
                new OrderCommand.PlaceOrder(new ShippingAddress("A", "S", "C", "1", "GB")),
                Replicas.unkeyed(),
                ExpectedRevision.ANY);
        return id;
    }

    @Test
    void aCommandRefusedOnAStaleRememberedStateIsDecidedAgainOnTheStoredOne() {
        var one = Replicas.replica(client, OrderDecider.DECIDER);
        var other = Replicas.replica(client, OrderDecider.DECIDER);
        String id = placedBehindTheBackOf(one, other);

        var paid = one.handle(
                id,
                new OrderCommand.ConfirmPayment(new Money(1000, "EUR"), "psp-1"),
                Replicas.unkeyed(),
                ExpectedRevision.ANY);

        assertThat(paid.state()).isInstanceOf(Order.Paid.class);
        assertThat(paid.revision()).isEqualTo(3);
    }

    @Test
    void anIfMatchOfTheRememberedRevisionIsAPreconditionFailureWhenTheStreamMovedNotARuleBroken() {
        var one = Replicas.replica(client, OrderDecider.DECIDER);
        var other = Replicas.replica(client, OrderDecider.DECIDER);
        String id = placedBehindTheBackOf(one, other);

        assertThatThrownBy(() -> one.handle(
                        id,
                        new OrderCommand.ConfirmPayment(new Money(1000, "EUR"), "psp-1"),
                        Replicas.unkeyed(),
                        ExpectedRevision.exactly(1)))
                .isInstanceOfSatisfying(ConcurrencyConflict.class, conflict -> {
                    assertThat(conflict.preconditionFailed()).isTrue();
                    assertThat(conflict.currentRevision()).isEqualTo(2);
                });
    }
}
