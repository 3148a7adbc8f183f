package dev.orderlog.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderlog.fulfilment.FulfilmentEvent.CompensationStarted;
import dev.orderlog.fulfilment.FulfilmentEvent.FulfilmentStarted;
import dev.orderlog.fulfilment.FulfilmentEvent.PaymentApproved;
import dev.orderlog.fulfilment.FulfilmentEvent.PaymentRequested;
import dev.orderlog.fulfilment.FulfilmentEvent.ShipmentRequested;
import dev.orderlog.fulfilment.FulfilmentEvent.StockReserved;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The process's rules without a database: given recorded events, when an input, then events and the next step. */
class FulfilmentDeciderTest {
    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final FulfilmentDecider DECIDER = new FulfilmentDecider(Duration.ofMinutes(15), Duration.ofDays(3));
    private static final Job JOB =
            new Job("o-1", "c-1", "EUR", 3000, List.of(new Job.Line("mug", 2), new Job.Line("pen", 1)), "corr-1");

    private static Fulfilment given(FulfilmentEvent... events) {
        Fulfilment state = DECIDER.initial();
        for (FulfilmentEvent event : events) {
            state = DECIDER.evolve(state, event);
        }
        return state;
    }

    private static final FulfilmentEvent[] RESERVED = {
        new FulfilmentStarted(JOB, NOW),
        new StockReserved("mug", NOW),
        new StockReserved("pen", NOW),
        new PaymentRequested(NOW.plus(Duration.ofMinutes(15)), NOW)
    };

    @Test
    void stepsRunInOrderAndTheLastReservationRequestsThePaymentWithItsDeadline() {
        Fulfilment started = given(new FulfilmentStarted(JOB, NOW));
        assertThat(FulfilmentDecider.next(started)).contains(new Step.ReserveStock("mug", 2));
        Fulfilment oneReserved = given(new FulfilmentStarted(JOB, NOW), new StockReserved("mug", NOW));
        assertThat(FulfilmentDecider.next(oneReserved)).contains(new Step.ReserveStock("pen", 1));
        assertThat(DECIDER.decide(new FulfilmentInput.Stock.Reserved("pen"), oneReserved, NOW))
                .containsExactly(
                        new StockReserved("pen", NOW), new PaymentRequested(NOW.plus(Duration.ofMinutes(15)), NOW));
        assertThat(FulfilmentDecider.next(given(RESERVED))).contains(new Step.ChargePayment());
    }

    @Test
    void everyInputDeliveredAgainRecordsNothing() {
        Fulfilment reserved = given(RESERVED);
        assertThat(DECIDER.decide(new FulfilmentInput.Order.Placed(JOB), reserved, NOW))
                .isEmpty();
        assertThat(DECIDER.decide(new FulfilmentInput.Stock.Reserved("mug"), reserved, NOW))
                .isEmpty();
        Fulfilment paid = given(concat(
                RESERVED, new PaymentApproved("ch-1", NOW), new ShipmentRequested(NOW.plus(Duration.ofDays(3)), NOW)));
        assertThat(DECIDER.decide(new FulfilmentInput.Payment.ChargeApproved("ch-1"), paid, NOW))
                .isEmpty();
        assertThat(FulfilmentDecider.next(paid)).contains(new Step.ConfirmPaymentOnOrder("ch-1"));
    }

    @Test
    void aDeadlineThatFiresAfterItsStepCompletedDecidesNothing() {
        Fulfilment paid = given(concat(
                RESERVED, new PaymentApproved("ch-1", NOW), new ShipmentRequested(NOW.plus(Duration.ofDays(3)), NOW)));
        assertThat(DECIDER.decide(
                        new FulfilmentInput.Clock.DeadlineReached(
                                Deadline.Kind.PAYMENT, NOW.plus(Duration.ofMinutes(15))),
                        paid,
                        NOW.plus(Duration.ofHours(1))))
                .isEmpty();
        // Nor does one that fires early.
        assertThat(DECIDER.decide(
                        new FulfilmentInput.Clock.DeadlineReached(Deadline.Kind.PAYMENT, NOW),
                        given(RESERVED),
                        NOW.plusSeconds(1)))
                .isEmpty();
        assertThat(DECIDER.decide(
                        new FulfilmentInput.Clock.DeadlineReached(Deadline.Kind.PAYMENT, NOW),
                        given(RESERVED),
                        NOW.plus(Duration.ofMinutes(15))))
                .extracting(event -> event.getClass().getSimpleName())
                .containsExactly("DeadlineMissed", "CompensationStarted");
    }

    @Test
    void compensationCancelsTheOrderFirstThenRefundsThenReleasesTheStockLastReservedFirst() {
        Fulfilment paid = given(concat(
                RESERVED,
                new PaymentApproved("ch-1", NOW),
                new ShipmentRequested(NOW.plus(Duration.ofDays(3)), NOW),
                new CompensationStarted("Cancelled: changed my mind", NOW)));
        assertThat(FulfilmentDecider.next(paid))
                .as("the order decides first whether the warehouse shipped it")
                .contains(new Step.CancelOrder("Cancelled: changed my mind"));
        Fulfilment orderCancelled =
                DECIDER.evolve(paid, new FulfilmentEvent.OrderCancelled("Cancelled: changed my mind", NOW));
        assertThat(FulfilmentDecider.next(orderCancelled)).contains(new Step.RefundPayment("ch-1", 1));
        Fulfilment refunded = DECIDER.evolve(orderCancelled, new FulfilmentEvent.PaymentRefunded("ch-1", "re-1", NOW));
        assertThat(FulfilmentDecider.next(refunded)).contains(new Step.ReleaseStock("pen"));
        Fulfilment penReleased = DECIDER.evolve(refunded, new FulfilmentEvent.StockReleased("pen", NOW));
        assertThat(FulfilmentDecider.next(penReleased)).contains(new Step.ReleaseStock("mug"));
        assertThat(DECIDER.decide(new FulfilmentInput.Stock.Released("mug"), penReleased, NOW))
                .extracting(event -> event.getClass().getSimpleName())
                .containsExactly("StockReleased", "FulfilmentCancelled");
    }

    @Test
    void aRefusedRefundNeedsAnOperatorWhoseRetryIsANewAttempt() {
        Fulfilment compensating = given(concat(
                RESERVED,
                new PaymentApproved("ch-1", NOW),
                new ShipmentRequested(NOW, NOW),
                new CompensationStarted("x", NOW),
                new FulfilmentEvent.OrderCancelled("x", NOW)));
        List<FulfilmentEvent> refused =
                DECIDER.decide(new FulfilmentInput.Payment.RefundRefused("ch-1", 1, "card closed"), compensating, NOW);
        Fulfilment attention = refused.stream().reduce(compensating, DECIDER::evolve, (a, b) -> b);
        assertThat(attention).isInstanceOf(Fulfilment.NeedsAttention.class);
        assertThat(FulfilmentDecider.next(attention)).isEqualTo(Optional.empty());
        Fulfilment retried = DECIDER.decide(new FulfilmentInput.Operator.Retry("try again"), attention, NOW).stream()
                .reduce(attention, DECIDER::evolve, (a, b) -> b);
        assertThat(FulfilmentDecider.next(retried)).contains(new Step.RefundPayment("ch-1", 2));
        assertThatThrownBy(() -> DECIDER.decide(new FulfilmentInput.Operator.Retry("again"), retried, NOW))
                .isInstanceOf(FulfilmentRuleViolation.class);
    }

    @Test
    void givingUpAPaymentWhoseAnswerNeverCameAsksTheProviderFirst() {
        Fulfilment charging = given(concat(
                RESERVED,
                new CompensationStarted("Payment was not confirmed", NOW),
                new FulfilmentEvent.OrderCancelled("Payment was not confirmed", NOW)));
        assertThat(FulfilmentDecider.next(charging)).contains(new Step.LookUpCharge());
        Fulfilment taken = after(charging, new FulfilmentInput.Payment.ChargeApproved("ch-1"));
        assertThat(FulfilmentDecider.next(taken)).contains(new Step.RefundPayment("ch-1", 1));
        Fulfilment notTaken = after(charging, new FulfilmentInput.Payment.ChargeAbsent());
        assertThat(FulfilmentDecider.next(notTaken)).contains(new Step.ReleaseStock("pen"));
    }

    @Test
    void aPaymentApprovedAfterTheOrderWasCancelledIsRefundedOnceAndAReservationArrivingLateIsReleased() {
        Fulfilment cancelled = given(concat(
                RESERVED,
                new CompensationStarted("Payment was not confirmed", NOW),
                new FulfilmentEvent.ChargeNotTaken(NOW),
                new FulfilmentEvent.StockReleased("pen", NOW),
                new FulfilmentEvent.StockReleased("mug", NOW),
                new FulfilmentEvent.OrderCancelled("Payment was not confirmed", NOW),
                new FulfilmentEvent.FulfilmentCancelled("Payment was not confirmed", NOW)));
        assertThat(cancelled).isInstanceOf(Fulfilment.Cancelled.class);
        Fulfilment late = after(cancelled, new FulfilmentInput.Payment.ChargeApproved("ch-late"));
        assertThat(FulfilmentDecider.next(late)).contains(new Step.RefundPayment("ch-late", 2));
        Fulfilment refunded = after(late, new FulfilmentInput.Payment.Refunded("ch-late", "re-1"));
        assertThat(refunded).isInstanceOf(Fulfilment.Cancelled.class);
        assertThat(DECIDER.decide(new FulfilmentInput.Payment.ChargeApproved("ch-late"), refunded, NOW))
                .as("the same approval again")
                .isEmpty();
        assertThat(DECIDER.decide(new FulfilmentInput.Stock.Reserved("mug"), refunded, NOW))
                .as("a reservation already released")
                .isEmpty();

        // A line reserved by a step still in flight when the customer cancelled: released too.
        Fulfilment compensating = given(
                new FulfilmentStarted(JOB, NOW),
                new StockReserved("mug", NOW),
                new CompensationStarted("Cancelled: no", NOW));
        Fulfilment lateReservation = after(compensating, new FulfilmentInput.Stock.Reserved("pen"));
        assertThat(((Fulfilment.Compensating) lateReservation).compensation().held())
                .containsExactlyInAnyOrder("mug", "pen");
    }

    @Test
    void aForwardStepRefusedLateDoesNotStopCompensationButTheOrdersOwnCancellationDoes() {
        Fulfilment compensating = given(concat(
                RESERVED,
                new PaymentApproved("ch-1", NOW),
                new ShipmentRequested(NOW, NOW),
                new CompensationStarted("x", NOW)));
        assertThat(DECIDER.decide(new FulfilmentInput.Order.Refused("confirm-payment", "cancelled"), compensating, NOW))
                .isEmpty();
        assertThat(DECIDER.decide(new FulfilmentInput.Order.Refused(Step.CancelOrder.ID, "shipped"), compensating, NOW))
                .extracting(event -> event.getClass().getSimpleName())
                .containsExactly("NeedsAttention");
    }

    @Test
    void anOperatorsResolutionSettlesThePaymentAndStillReleasesTheStock() {
        Fulfilment compensating = given(concat(
                RESERVED,
                new PaymentApproved("ch-1", NOW),
                new ShipmentRequested(NOW, NOW),
                new CompensationStarted("x", NOW)));
        Fulfilment attention = after(compensating, new FulfilmentInput.Payment.RefundRefused("ch-1", 1, "card closed"));
        Fulfilment resolving = after(attention, new FulfilmentInput.Operator.Resolve("refunded by bank transfer"));
        assertThat(FulfilmentDecider.next(resolving)).contains(new Step.ReleaseStock("pen"));
        Fulfilment resolved = after(
                after(resolving, new FulfilmentInput.Stock.Released("pen")), new FulfilmentInput.Stock.Released("mug"));
        assertThat(resolved).isInstanceOf(Fulfilment.Resolved.class);
        assertThat(DECIDER.decide(new FulfilmentInput.Payment.ChargeApproved("ch-1"), resolved, NOW))
                .as("the settled charge")
                .isEmpty();
    }

    private static final FulfilmentEvent[] PAID = concat(
            RESERVED,
            new PaymentApproved("ch-1", NOW),
            new ShipmentRequested(NOW.plus(Duration.ofDays(3)), NOW),
            new FulfilmentEvent.PaymentConfirmedOnOrder(NOW));

    @Test
    void defect1AShipmentTheOrderAcceptedBeforeTheProcessesCancellationStands() {
        // The shipment deadline gave up, but the warehouse's shipment reached the order first: the cancellation is
        // refused.
        Fulfilment givingUp =
                given(concat(PAID, new CompensationStarted("The order was not shipped within PT72H", NOW)));
        assertThat(FulfilmentDecider.next(givingUp))
                .as("nothing is undone before the order decides")
                .contains(new Step.CancelOrder("The order was not shipped within PT72H"));
        Fulfilment shipped = after(givingUp, new FulfilmentInput.Order.Shipped("TRK-1"));
        assertThat(shipped).isEqualTo(new Fulfilment.Shipping(JOB, "ch-1", "TRK-1", true, List.of()));
        assertThat(FulfilmentDecider.next(shipped)).contains(new Step.CommitStock("mug"));
        // And a shipment the order accepted while awaited is recorded as it is, payment confirmed or not.
        assertThat(after(given(PAID), new FulfilmentInput.Order.Shipped("TRK-1")))
                .isEqualTo(new Fulfilment.Shipping(JOB, "ch-1", "TRK-1", true, List.of()));
    }

    @Test
    void defect2NeedsAttentionHoldsTheStockAndAResolutionReleasesIt() {
        Fulfilment attention = after(
                after(
                        given(concat(PAID, new CompensationStarted("Cancelled: no", NOW))),
                        new FulfilmentInput.Order.Cancelled("no")),
                new FulfilmentInput.Payment.RefundRefused("ch-1", 1, "card closed"));
        assertThat(((Fulfilment.NeedsAttention) attention).compensation().held())
                .containsExactly("pen", "mug");
        Fulfilment resolving = after(attention, new FulfilmentInput.Operator.Resolve("refunded by hand"));
        Fulfilment resolved = after(
                after(resolving, new FulfilmentInput.Stock.Released("pen")), new FulfilmentInput.Stock.Released("mug"));
        assertThat(resolved)
                .isInstanceOfSatisfying(
                        Fulfilment.Resolved.class,
                        done -> assertThat(done.undone().released()).containsExactly("pen", "mug"));
    }

    @Test
    void defect3AReservationRedeliveredAfterTheOrderWasGivenUpReleasesNothingTwice() {
        Fulfilment cancelled = given(concat(
                PAID,
                new CompensationStarted("Cancelled: no", NOW),
                new FulfilmentEvent.OrderCancelled("no", NOW),
                new FulfilmentEvent.PaymentRefunded("ch-1", "re-1", NOW),
                new FulfilmentEvent.StockReleased("pen", NOW),
                new FulfilmentEvent.StockReleased("mug", NOW),
                new FulfilmentEvent.FulfilmentCancelled("Cancelled: no", NOW)));
        assertThat(DECIDER.decide(new FulfilmentInput.Stock.Reserved("mug"), cancelled, NOW))
                .isEmpty();
        Fulfilment releasing = given(concat(
                PAID, new CompensationStarted("Cancelled: no", NOW), new FulfilmentEvent.OrderCancelled("no", NOW)));
        assertThat(DECIDER.decide(new FulfilmentInput.Stock.Reserved("pen"), releasing, NOW))
                .as("still held, about to be released")
                .isEmpty();
    }

    @Test
    void defect4ACustomersCancellationWhileAnOperatorIsAwaitedIsRecorded() {
        Fulfilment attention = after(
                given(concat(PAID, new CompensationStarted("The order was not shipped within PT72H", NOW))),
                new FulfilmentInput.Order.Refused(Step.CancelOrder.ID, "the order service refused it"));
        assertThat(attention).isInstanceOf(Fulfilment.NeedsAttention.class);
        assertThat(DECIDER.decide(new FulfilmentInput.Order.Cancelled("changed my mind"), attention, NOW))
                .containsExactly(new FulfilmentEvent.OrderCancelled("changed my mind", NOW));
        Fulfilment retried = after(
                after(attention, new FulfilmentInput.Order.Cancelled("changed my mind")),
                new FulfilmentInput.Operator.Retry("go on"));
        assertThat(FulfilmentDecider.next(retried))
                .as("the order is not cancelled twice")
                .contains(new Step.RefundPayment("ch-1", 2));
    }

    @Test
    void defect5TheSameShipmentAgainIsNoNewsAndAnotherTrackingNumberIsRefusedNamingTheFirst() {
        Fulfilment shipping = after(given(PAID), new FulfilmentInput.Order.Shipped("TRK-1"));
        assertThat(DECIDER.decide(new FulfilmentInput.Order.Shipped("TRK-1"), shipping, NOW))
                .isEmpty();
        Fulfilment completed = after(
                after(shipping, new FulfilmentInput.Stock.Committed("mug")),
                new FulfilmentInput.Stock.Committed("pen"));
        assertThat(completed).isInstanceOf(Fulfilment.Completed.class);
        assertThat(DECIDER.decide(new FulfilmentInput.Order.Shipped("TRK-1"), completed, NOW))
                .isEmpty();
        assertThatThrownBy(() -> DECIDER.decide(new FulfilmentInput.Order.Shipped("TRK-2"), completed, NOW))
                .isInstanceOf(FulfilmentRuleViolation.class)
                .hasMessageContaining("TRK-1");
        assertThatThrownBy(() -> DECIDER.decide(new FulfilmentInput.Order.Shipped("TRK-2"), shipping, NOW))
                .isInstanceOf(FulfilmentRuleViolation.class);
    }

    @Test
    void anInstanceAnEarlierVersionLeftToShipTheOrderShipsItThenCommits() {
        Fulfilment legacy = given(concat(PAID, new FulfilmentEvent.ShipmentConfirmed("TRK-1", NOW)));
        assertThat(FulfilmentDecider.next(legacy)).contains(new Step.ShipOrder("TRK-1"));
        Fulfilment shipped = after(legacy, new FulfilmentInput.Order.Shipped("TRK-1"));
        assertThat(FulfilmentDecider.next(shipped)).contains(new Step.CommitStock("mug"));
        // Its order cancelled before the process shipped it: compensated, the charge refunded and the stock released.
        Fulfilment cancelled = after(legacy, new FulfilmentInput.Order.Cancelled("changed my mind"));
        assertThat(cancelled).isInstanceOfSatisfying(Fulfilment.Compensating.class, compensating -> {
            assertThat(compensating.compensation().payment()).isEqualTo(new Fulfilment.PaymentToUndo.Refund("ch-1"));
            assertThat(compensating.compensation().held()).containsExactly("pen", "mug");
        });
    }

    @Test
    void anEarlierVersionsNeedsAttentionAfterShippingHoldsTheChargeAndTheStock() {
        Fulfilment legacy = given(concat(
                PAID,
                new FulfilmentEvent.ShipmentConfirmed("TRK-1", NOW),
                new FulfilmentEvent.OrderCancelled("no", NOW),
                new FulfilmentEvent.NeedsAttention("The order was cancelled after the warehouse shipped it: no", NOW)));
        assertThat(legacy).isInstanceOfSatisfying(Fulfilment.NeedsAttention.class, attention -> {
            assertThat(attention.compensation().payment()).isEqualTo(new Fulfilment.PaymentToUndo.Refund("ch-1"));
            assertThat(attention.compensation().held()).containsExactly("pen", "mug");
        });
        Fulfilment retried = after(legacy, new FulfilmentInput.Operator.Retry("refund it"));
        assertThat(FulfilmentDecider.next(retried)).contains(new Step.RefundPayment("ch-1", 2));
    }

    @Test
    void aLateRefusalOfAnEarlierRefundAttemptSaysNothingOfTheCurrentOneAndALateSuccessIsRecorded() {
        Fulfilment attention = after(
                after(
                        given(concat(PAID, new CompensationStarted("Cancelled: no", NOW))),
                        new FulfilmentInput.Order.Cancelled("no")),
                new FulfilmentInput.Payment.RefundRefused("ch-1", 1, "card closed"));
        Fulfilment retried = after(attention, new FulfilmentInput.Operator.Retry("again"));
        assertThat(DECIDER.decide(new FulfilmentInput.Payment.RefundRefused("ch-1", 1, "card closed"), retried, NOW))
                .isEmpty();
        assertThat(DECIDER.decide(new FulfilmentInput.Payment.Refunded("ch-1", "re-1"), attention, NOW))
                .containsExactly(new FulfilmentEvent.PaymentRefunded("ch-1", "re-1", NOW));
        Fulfilment refundedMeanwhile = after(attention, new FulfilmentInput.Payment.Refunded("ch-1", "re-1"));
        assertThat(FulfilmentDecider.next(after(refundedMeanwhile, new FulfilmentInput.Operator.Retry("go on"))))
                .as("no second refund")
                .contains(new Step.ReleaseStock("pen"));
    }

    @Test
    void aShipmentByHandTheInstanceCannotFollowNeedsAnOperatorInsteadOfLooping() {
        Fulfilment lookingUp =
                given(concat(RESERVED, new CompensationStarted("Payment was not confirmed within PT15M", NOW)));
        Fulfilment attention = after(lookingUp, new FulfilmentInput.Order.Shipped("TRK-hand"));
        assertThat(attention).isInstanceOf(Fulfilment.NeedsAttention.class);
        assertThat(FulfilmentDecider.next(attention)).isEmpty();
    }

    private static Fulfilment after(Fulfilment state, FulfilmentInput input) {
        return DECIDER.decide(input, state, NOW).stream().reduce(state, DECIDER::evolve, (a, b) -> b);
    }

    private static FulfilmentEvent[] concat(FulfilmentEvent[] first, FulfilmentEvent... more) {
        FulfilmentEvent[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
