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
    private static final Job JOB = new Job("o-1", "c-1", "EUR", 3000, List.of(new Job.Line("mug", 2), new Job.Line("pen", 1)), "corr-1");

    private static Fulfilment given(FulfilmentEvent... events) {
        Fulfilment state = DECIDER.initial();
        for (FulfilmentEvent event : events) {
            state = DECIDER.evolve(state, event);
        }
        return state;
    }

    private static final FulfilmentEvent[] RESERVED = {new FulfilmentStarted(JOB, NOW), new StockReserved("mug", NOW), new StockReserved("pen", NOW),
            new PaymentRequested(NOW.plus(Duration.ofMinutes(15)), NOW)};

    @Test
    void stepsRunInOrderAndTheLastReservationRequestsThePaymentWithItsDeadline() {
        Fulfilment started = given(new FulfilmentStarted(JOB, NOW));
        assertThat(FulfilmentDecider.next(started)).contains(new Step.ReserveStock("mug", 2));
        Fulfilment oneReserved = given(new FulfilmentStarted(JOB, NOW), new StockReserved("mug", NOW));
        assertThat(FulfilmentDecider.next(oneReserved)).contains(new Step.ReserveStock("pen", 1));
        assertThat(DECIDER.decide(new FulfilmentInput.StockReserved("pen"), oneReserved, NOW))
                .containsExactly(new StockReserved("pen", NOW), new PaymentRequested(NOW.plus(Duration.ofMinutes(15)), NOW));
        assertThat(FulfilmentDecider.next(given(RESERVED))).contains(new Step.ChargePayment());
    }

    @Test
    void everyInputDeliveredAgainRecordsNothing() {
        Fulfilment reserved = given(RESERVED);
        assertThat(DECIDER.decide(new FulfilmentInput.Start(JOB), reserved, NOW)).isEmpty();
        assertThat(DECIDER.decide(new FulfilmentInput.StockReserved("mug"), reserved, NOW)).isEmpty();
        Fulfilment paid = given(concat(RESERVED, new PaymentApproved("ch-1", NOW), new ShipmentRequested(NOW.plus(Duration.ofDays(3)), NOW)));
        assertThat(DECIDER.decide(new FulfilmentInput.ChargeApproved("ch-1"), paid, NOW)).isEmpty();
        assertThat(FulfilmentDecider.next(paid)).contains(new Step.ConfirmPaymentOnOrder("ch-1"));
    }

    @Test
    void aDeadlineThatFiresAfterItsStepCompletedDecidesNothing() {
        Fulfilment paid = given(concat(RESERVED, new PaymentApproved("ch-1", NOW), new ShipmentRequested(NOW.plus(Duration.ofDays(3)), NOW)));
        assertThat(DECIDER.decide(new FulfilmentInput.DeadlineReached(Deadline.Kind.PAYMENT, NOW.plus(Duration.ofMinutes(15))), paid,
                NOW.plus(Duration.ofHours(1)))).isEmpty();
        // Nor does one that fires early.
        assertThat(DECIDER.decide(new FulfilmentInput.DeadlineReached(Deadline.Kind.PAYMENT, NOW), given(RESERVED), NOW.plusSeconds(1))).isEmpty();
        assertThat(DECIDER.decide(new FulfilmentInput.DeadlineReached(Deadline.Kind.PAYMENT, NOW), given(RESERVED), NOW.plus(Duration.ofMinutes(15))))
                .extracting(event -> event.getClass().getSimpleName()).containsExactly("DeadlineMissed", "CompensationStarted");
    }

    @Test
    void compensationUndoesInReverseOrderRefundFirstThenStockLastReservedFirstThenTheOrder() {
        Fulfilment paid = given(concat(RESERVED, new PaymentApproved("ch-1", NOW), new ShipmentRequested(NOW.plus(Duration.ofDays(3)), NOW),
                new CompensationStarted("Cancelled: changed my mind", NOW)));
        assertThat(FulfilmentDecider.next(paid)).contains(new Step.RefundPayment("ch-1", 1));
        Fulfilment refunded = DECIDER.evolve(paid, new FulfilmentEvent.PaymentRefunded("ch-1", "re-1", NOW));
        assertThat(FulfilmentDecider.next(refunded)).contains(new Step.ReleaseStock("pen"));
        Fulfilment penReleased = DECIDER.evolve(refunded, new FulfilmentEvent.StockReleased("pen", NOW));
        assertThat(FulfilmentDecider.next(penReleased)).contains(new Step.ReleaseStock("mug"));
        Fulfilment released = DECIDER.evolve(penReleased, new FulfilmentEvent.StockReleased("mug", NOW));
        assertThat(FulfilmentDecider.next(released)).contains(new Step.CancelOrder("Cancelled: changed my mind"));
        assertThat(DECIDER.decide(new FulfilmentInput.OrderCancelled("Cancelled: changed my mind"), released, NOW))
                .extracting(event -> event.getClass().getSimpleName()).containsExactly("OrderCancelled", "FulfilmentCancelled");
    }

    @Test
    void aRefusedRefundNeedsAnOperatorWhoseRetryIsANewAttempt() {
        Fulfilment compensating = given(concat(RESERVED, new PaymentApproved("ch-1", NOW), new ShipmentRequested(NOW, NOW), new CompensationStarted("x", NOW)));
        List<FulfilmentEvent> refused = DECIDER.decide(new FulfilmentInput.RefundRefused("ch-1", "card closed"), compensating, NOW);
        Fulfilment attention = refused.stream().reduce(compensating, DECIDER::evolve, (a, b) -> b);
        assertThat(attention).isInstanceOf(Fulfilment.NeedsAttention.class);
        assertThat(FulfilmentDecider.next(attention)).isEqualTo(Optional.empty());
        Fulfilment retried = DECIDER.decide(new FulfilmentInput.RetryCompensation("try again"), attention, NOW).stream().reduce(attention, DECIDER::evolve, (a, b) -> b);
        assertThat(FulfilmentDecider.next(retried)).contains(new Step.RefundPayment("ch-1", 2));
        assertThatThrownBy(() -> DECIDER.decide(new FulfilmentInput.RetryCompensation("again"), retried, NOW)).isInstanceOf(FulfilmentRuleViolation.class);
    }

    @Test
    void givingUpAPaymentWhoseAnswerNeverCameAsksTheProviderFirst() {
        Fulfilment charging = given(concat(RESERVED, new CompensationStarted("Payment was not confirmed", NOW)));
        assertThat(FulfilmentDecider.next(charging)).contains(new Step.LookUpCharge());
        Fulfilment taken = after(charging, new FulfilmentInput.ChargeApproved("ch-1"));
        assertThat(FulfilmentDecider.next(taken)).contains(new Step.RefundPayment("ch-1", 1));
        Fulfilment notTaken = after(charging, new FulfilmentInput.ChargeAbsent());
        assertThat(FulfilmentDecider.next(notTaken)).contains(new Step.ReleaseStock("pen"));
    }

    @Test
    void aPaymentApprovedAfterTheOrderWasCancelledIsRefundedOnceAndAReservationArrivingLateIsReleased() {
        Fulfilment cancelled = given(concat(RESERVED, new CompensationStarted("Payment was not confirmed", NOW), new FulfilmentEvent.ChargeNotTaken(NOW),
                new FulfilmentEvent.StockReleased("pen", NOW), new FulfilmentEvent.StockReleased("mug", NOW),
                new FulfilmentEvent.OrderCancelled("Payment was not confirmed", NOW), new FulfilmentEvent.FulfilmentCancelled("Payment was not confirmed", NOW)));
        assertThat(cancelled).isInstanceOf(Fulfilment.Cancelled.class);
        Fulfilment late = after(cancelled, new FulfilmentInput.ChargeApproved("ch-late"));
        assertThat(FulfilmentDecider.next(late)).contains(new Step.RefundPayment("ch-late", 2));
        Fulfilment refunded = after(late, new FulfilmentInput.Refunded("ch-late", "re-1"));
        assertThat(refunded).isInstanceOf(Fulfilment.Cancelled.class);
        assertThat(DECIDER.decide(new FulfilmentInput.ChargeApproved("ch-late"), refunded, NOW)).as("the same approval again").isEmpty();
        assertThat(DECIDER.decide(new FulfilmentInput.StockReserved("mug"), refunded, NOW)).as("a reservation already released").isEmpty();

        // A line reserved by a step still in flight when the customer cancelled: released too.
        Fulfilment compensating = given(new FulfilmentStarted(JOB, NOW), new StockReserved("mug", NOW), new CompensationStarted("Cancelled: no", NOW));
        Fulfilment lateReservation = after(compensating, new FulfilmentInput.StockReserved("pen"));
        assertThat(((Fulfilment.Compensating) lateReservation).compensation().toRelease()).containsExactlyInAnyOrder("mug", "pen");
    }

    @Test
    void aForwardStepRefusedLateDoesNotStopCompensationButTheOrdersOwnCancellationDoes() {
        Fulfilment compensating = given(concat(RESERVED, new PaymentApproved("ch-1", NOW), new ShipmentRequested(NOW, NOW), new CompensationStarted("x", NOW)));
        assertThat(DECIDER.decide(new FulfilmentInput.OrderRefused("confirm-payment", "cancelled"), compensating, NOW)).isEmpty();
        assertThat(DECIDER.decide(new FulfilmentInput.OrderRefused(Step.CancelOrder.ID, "shipped"), compensating, NOW))
                .extracting(event -> event.getClass().getSimpleName()).containsExactly("NeedsAttention");
    }

    @Test
    void anOperatorsResolutionSettlesThePaymentAndStillReleasesTheStock() {
        Fulfilment compensating = given(concat(RESERVED, new PaymentApproved("ch-1", NOW), new ShipmentRequested(NOW, NOW), new CompensationStarted("x", NOW)));
        Fulfilment attention = after(compensating, new FulfilmentInput.RefundRefused("ch-1", "card closed"));
        Fulfilment resolving = after(attention, new FulfilmentInput.MarkResolved("refunded by bank transfer"));
        assertThat(FulfilmentDecider.next(resolving)).contains(new Step.ReleaseStock("pen"));
        Fulfilment resolved = after(after(resolving, new FulfilmentInput.StockReleased("pen")), new FulfilmentInput.StockReleased("mug"));
        assertThat(resolved).isInstanceOf(Fulfilment.Resolved.class);
        assertThat(DECIDER.decide(new FulfilmentInput.ChargeApproved("ch-1"), resolved, NOW)).as("the settled charge").isEmpty();
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
