package dev.orderlog.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderlog.fulfilment.FulfilmentEvent.CompensationStarted;
import dev.orderlog.fulfilment.FulfilmentEvent.FulfilmentStarted;
import dev.orderlog.fulfilment.FulfilmentEvent.PaymentApproved;
import dev.orderlog.fulfilment.FulfilmentEvent.PaymentRequested;
import dev.orderlog.fulfilment.FulfilmentEvent.ShipmentRequested;
import dev.orderlog.fulfilment.FulfilmentEvent.StockReserved;
import dev.orderlog.platform.command.DeciderSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The process's rules without a database: given recorded events, when an input, then events; and the one step the
 * state then calls for ({@link FulfilmentDecider#next}).
 */
class FulfilmentDeciderTest {
    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final DeciderSpec<FulfilmentInput, Fulfilment, FulfilmentEvent> SPEC =
            DeciderSpec.of(new FulfilmentDecider(Duration.ofMinutes(15), Duration.ofDays(3)).decider(), NOW);
    private static final Job JOB =
            new Job("o-1", "c-1", "EUR", 3000, List.of(new Job.Line("mug", 2), new Job.Line("pen", 1)), "corr-1");

    private static final FulfilmentStarted STARTED = new FulfilmentStarted(JOB, NOW);
    private static final List<FulfilmentEvent> RESERVED = List.of(
            STARTED,
            new StockReserved("mug", NOW),
            new StockReserved("pen", NOW),
            new PaymentRequested(NOW.plus(Duration.ofMinutes(15)), NOW));
    /** Paid, its payment not confirmed on the order yet. */
    private static final List<FulfilmentEvent> APPROVED = concat(
            RESERVED, new PaymentApproved("ch-1", NOW), new ShipmentRequested(NOW.plus(Duration.ofDays(3)), NOW));

    private static final List<FulfilmentEvent> PAID =
            concat(APPROVED, new FulfilmentEvent.PaymentConfirmedOnOrder(NOW));

    private static DeciderSpec<FulfilmentInput, Fulfilment, FulfilmentEvent>.Given given(FulfilmentEvent... events) {
        return SPEC.given(events);
    }

    private static DeciderSpec<FulfilmentInput, Fulfilment, FulfilmentEvent>.Given given(List<FulfilmentEvent> events) {
        return SPEC.given(events);
    }

    private static List<FulfilmentEvent> after(List<FulfilmentEvent> history, FulfilmentInput... inputs) {
        return SPEC.historyAfter(history, inputs);
    }

    private static Optional<Step> next(List<FulfilmentEvent> history) {
        return FulfilmentDecider.next(given(history).state());
    }

    private static List<String> namesOf(List<FulfilmentEvent> events) {
        return events.stream().map(event -> event.getClass().getSimpleName()).toList();
    }

    // The way forward.

    @Test
    void aStartedInstanceReservesItsFirstLine() {
        assertThat(next(List.of(STARTED))).contains(new Step.ReserveStock("mug", 2));
    }

    @Test
    void oneLineReservedTheNextIsReserved() {
        assertThat(next(List.of(STARTED, new StockReserved("mug", NOW)))).contains(new Step.ReserveStock("pen", 1));
    }

    @Test
    void theLastReservationRequestsThePaymentWithItsDeadline() {
        given(STARTED, new StockReserved("mug", NOW))
                .when(new FulfilmentInput.Stock.Reserved("pen"))
                .then(new StockReserved("pen", NOW), new PaymentRequested(NOW.plus(Duration.ofMinutes(15)), NOW));
    }

    @Test
    void everyLineReservedThePaymentIsCharged() {
        assertThat(next(RESERVED)).contains(new Step.ChargePayment());
    }

    @Test
    void anApprovedPaymentIsConfirmedOnTheOrderNext() {
        assertThat(next(APPROVED)).contains(new Step.ConfirmPaymentOnOrder("ch-1"));
    }

    // Inputs delivered again.

    @Test
    void thePlacedOrderDeliveredAgainRecordsNothing() {
        given(RESERVED).when(new FulfilmentInput.Order.Placed(JOB)).thenNothingHappened();
    }

    @Test
    void aReservationDeliveredAgainRecordsNothing() {
        given(RESERVED).when(new FulfilmentInput.Stock.Reserved("mug")).thenNothingHappened();
    }

    @Test
    void anApprovalDeliveredAgainRecordsNothing() {
        given(APPROVED).when(new FulfilmentInput.Payment.ChargeApproved("ch-1")).thenNothingHappened();
    }

    // Deadlines.

    @Test
    void aDeadlineThatFiresAfterItsStepCompletedDecidesNothing() {
        given(APPROVED)
                .when(
                        new FulfilmentInput.Clock.DeadlineReached(
                                Deadline.Kind.PAYMENT, NOW.plus(Duration.ofMinutes(15))),
                        NOW.plus(Duration.ofHours(1)))
                .thenNothingHappened();
    }

    @Test
    void aDeadlineThatFiresEarlyDecidesNothing() {
        given(RESERVED)
                .when(new FulfilmentInput.Clock.DeadlineReached(Deadline.Kind.PAYMENT, NOW), NOW.plusSeconds(1))
                .thenNothingHappened();
    }

    @Test
    void aDeadlineMissedStartsCompensation() {
        List<FulfilmentEvent> decided = given(RESERVED)
                .when(
                        new FulfilmentInput.Clock.DeadlineReached(Deadline.Kind.PAYMENT, NOW),
                        NOW.plus(Duration.ofMinutes(15)))
                .events();
        assertThat(namesOf(decided)).containsExactly("DeadlineMissed", "CompensationStarted");
    }

    // Compensation, in its order.

    private static final List<FulfilmentEvent> GIVING_UP_PAID =
            concat(APPROVED, new CompensationStarted("Cancelled: changed my mind", NOW));
    private static final List<FulfilmentEvent> ORDER_CANCELLED =
            concat(GIVING_UP_PAID, new FulfilmentEvent.OrderCancelled("Cancelled: changed my mind", NOW));
    private static final List<FulfilmentEvent> REFUNDED =
            concat(ORDER_CANCELLED, new FulfilmentEvent.PaymentRefunded("ch-1", "re-1", NOW));
    private static final List<FulfilmentEvent> PEN_RELEASED =
            concat(REFUNDED, new FulfilmentEvent.StockReleased("pen", NOW));

    @Test
    void compensationFirstCancelsTheOrderWhichDecidesWhetherTheWarehouseShippedIt() {
        assertThat(next(GIVING_UP_PAID)).contains(new Step.CancelOrder("Cancelled: changed my mind"));
    }

    @Test
    void theOrderCancelledThePaymentIsRefunded() {
        assertThat(next(ORDER_CANCELLED)).contains(new Step.RefundPayment("ch-1", 1));
    }

    @Test
    void theRefundDoneTheLastReservedStockIsReleasedFirst() {
        assertThat(next(REFUNDED)).contains(new Step.ReleaseStock("pen"));
    }

    @Test
    void thenTheStockReservedBeforeIt() {
        assertThat(next(PEN_RELEASED)).contains(new Step.ReleaseStock("mug"));
    }

    @Test
    void theLastReleaseCancelsTheFulfilment() {
        assertThat(namesOf(given(PEN_RELEASED)
                        .when(new FulfilmentInput.Stock.Released("mug"))
                        .events()))
                .containsExactly("StockReleased", "FulfilmentCancelled");
    }

    // A refund refused, and the operator.

    private static final List<FulfilmentEvent> REFUNDING = concat(
            RESERVED,
            new PaymentApproved("ch-1", NOW),
            new ShipmentRequested(NOW, NOW),
            new CompensationStarted("x", NOW),
            new FulfilmentEvent.OrderCancelled("x", NOW));
    private static final List<FulfilmentEvent> REFUND_REFUSED =
            after(REFUNDING, new FulfilmentInput.Payment.RefundRefused("ch-1", 1, "card closed"));

    @Test
    void aRefusedRefundNeedsAnOperatorAndNoStep() {
        assertThat(given(REFUND_REFUSED).state()).isInstanceOf(Fulfilment.NeedsAttention.class);
        assertThat(next(REFUND_REFUSED)).isEqualTo(Optional.empty());
    }

    @Test
    void anOperatorsRetryIsANewRefundAttempt() {
        assertThat(next(after(REFUND_REFUSED, new FulfilmentInput.Operator.Retry("try again"))))
                .contains(new Step.RefundPayment("ch-1", 2));
    }

    @Test
    void aRetryOfAnInstanceNotAwaitingAnOperatorIsRefused() {
        assertThatThrownBy(() -> given(after(REFUND_REFUSED, new FulfilmentInput.Operator.Retry("try again")))
                        .when(new FulfilmentInput.Operator.Retry("again"))
                        .events())
                .isInstanceOf(FulfilmentRuleViolation.class);
    }

    // A payment whose answer never came.

    private static final List<FulfilmentEvent> CHARGING_GIVEN_UP = concat(
            RESERVED,
            new CompensationStarted("Payment was not confirmed", NOW),
            new FulfilmentEvent.OrderCancelled("Payment was not confirmed", NOW));

    @Test
    void givingUpAPaymentWhoseAnswerNeverCameAsksTheProviderFirst() {
        assertThat(next(CHARGING_GIVEN_UP)).contains(new Step.LookUpCharge());
    }

    @Test
    void aChargeTheProviderTookIsRefunded() {
        assertThat(next(after(CHARGING_GIVEN_UP, new FulfilmentInput.Payment.ChargeApproved("ch-1"))))
                .contains(new Step.RefundPayment("ch-1", 1));
    }

    @Test
    void aChargeTheProviderNeverTookLeavesTheStockToRelease() {
        assertThat(next(after(CHARGING_GIVEN_UP, new FulfilmentInput.Payment.ChargeAbsent())))
                .contains(new Step.ReleaseStock("pen"));
    }

    // News arriving after the instance gave up.

    private static final List<FulfilmentEvent> CANCELLED = concat(
            RESERVED,
            new CompensationStarted("Payment was not confirmed", NOW),
            new FulfilmentEvent.ChargeNotTaken(NOW),
            new FulfilmentEvent.StockReleased("pen", NOW),
            new FulfilmentEvent.StockReleased("mug", NOW),
            new FulfilmentEvent.OrderCancelled("Payment was not confirmed", NOW),
            new FulfilmentEvent.FulfilmentCancelled("Payment was not confirmed", NOW));
    private static final List<FulfilmentEvent> APPROVED_LATE =
            after(CANCELLED, new FulfilmentInput.Payment.ChargeApproved("ch-late"));
    private static final List<FulfilmentEvent> REFUNDED_LATE =
            after(APPROVED_LATE, new FulfilmentInput.Payment.Refunded("ch-late", "re-1"));

    @Test
    void givingUpEndsCancelled() {
        assertThat(given(CANCELLED).state()).isInstanceOf(Fulfilment.Cancelled.class);
    }

    @Test
    void aPaymentApprovedAfterTheOrderWasCancelledIsRefunded() {
        assertThat(next(APPROVED_LATE)).contains(new Step.RefundPayment("ch-late", 2));
    }

    @Test
    void itsRefundLeavesTheInstanceCancelled() {
        assertThat(given(REFUNDED_LATE).state()).isInstanceOf(Fulfilment.Cancelled.class);
    }

    @Test
    void theLateApprovalAgainIsRefundedOnlyOnce() {
        given(REFUNDED_LATE)
                .when(new FulfilmentInput.Payment.ChargeApproved("ch-late"))
                .thenNothingHappened();
    }

    @Test
    void aReservationAlreadyReleasedDeliveredAgainRecordsNothing() {
        given(REFUNDED_LATE).when(new FulfilmentInput.Stock.Reserved("mug")).thenNothingHappened();
    }

    @Test
    void aLineReservedByAStepInFlightWhenTheCustomerCancelledIsReleasedToo() {
        List<FulfilmentEvent> lateReservation = after(
                List.of(STARTED, new StockReserved("mug", NOW), new CompensationStarted("Cancelled: no", NOW)),
                new FulfilmentInput.Stock.Reserved("pen"));
        assertThat(((Fulfilment.Compensating) given(lateReservation).state())
                        .compensation()
                        .held())
                .containsExactlyInAnyOrder("mug", "pen");
    }

    // Refusals from the order.

    private static final List<FulfilmentEvent> COMPENSATING = concat(
            RESERVED,
            new PaymentApproved("ch-1", NOW),
            new ShipmentRequested(NOW, NOW),
            new CompensationStarted("x", NOW));

    @Test
    void aForwardStepRefusedLateDoesNotStopCompensation() {
        given(COMPENSATING)
                .when(new FulfilmentInput.Order.Refused("confirm-payment", "cancelled"))
                .thenNothingHappened();
    }

    @Test
    void theOrderRefusingItsOwnCancellationNeedsAnOperator() {
        assertThat(namesOf(given(COMPENSATING)
                        .when(new FulfilmentInput.Order.Refused(Step.CancelOrder.ID, "shipped"))
                        .events()))
                .containsExactly("NeedsAttention");
    }

    // An operator's resolution.

    private static final List<FulfilmentEvent> RESOLVING = after(
            COMPENSATING,
            new FulfilmentInput.Payment.RefundRefused("ch-1", 1, "card closed"),
            new FulfilmentInput.Operator.Resolve("refunded by bank transfer"));
    private static final List<FulfilmentEvent> RESOLVED =
            after(RESOLVING, new FulfilmentInput.Stock.Released("pen"), new FulfilmentInput.Stock.Released("mug"));

    @Test
    void anOperatorsResolutionStillReleasesTheStock() {
        assertThat(next(RESOLVING)).contains(new Step.ReleaseStock("pen"));
    }

    @Test
    void theStockReleasedTheInstanceIsResolved() {
        assertThat(given(RESOLVED).state()).isInstanceOf(Fulfilment.Resolved.class);
    }

    @Test
    void aResolutionSettlesThePaymentForGood() {
        given(RESOLVED).when(new FulfilmentInput.Payment.ChargeApproved("ch-1")).thenNothingHappened();
    }

    /**
     * Shrunk by FulfilmentHistoriesTest (seed 8485710934175435721): the payment deadline gave up, the order was paid
     * and shipped by hand, an operator resolved the instance; then the provider's late approval came. Its refund must
     * leave the instance resolved, as the operator left it, not cancelled under a shipped order.
     */
    @Test
    void aLateApprovalAfterAnOperatorsResolutionIsRefundedAndTheInstanceStaysResolved() {
        List<FulfilmentEvent> lateApproval = after(RESOLVED, new FulfilmentInput.Payment.ChargeApproved("ch-late"));
        assertThat(next(lateApproval)).contains(new Step.RefundPayment("ch-late", 2));
        List<FulfilmentEvent> refunded =
                after(lateApproval, new FulfilmentInput.Payment.Refunded("ch-late", "re-late"));
        assertThat(given(refunded).state()).isInstanceOf(Fulfilment.Resolved.class);
    }

    // Defects found before, each kept by its own tests.

    private static final List<FulfilmentEvent> SHIPMENT_GIVEN_UP =
            concat(PAID, new CompensationStarted("The order was not shipped within PT72H", NOW));
    private static final Fulfilment.Shipping SHIPPING_TRK_1 =
            new Fulfilment.Shipping(JOB, "ch-1", "TRK-1", true, List.of());

    @Test
    void defect1NothingIsUndoneBeforeTheOrderDecides() {
        assertThat(next(SHIPMENT_GIVEN_UP)).contains(new Step.CancelOrder("The order was not shipped within PT72H"));
    }

    @Test
    void defect1AShipmentTheOrderAcceptedBeforeTheProcessesCancellationStands() {
        assertThat(given(after(SHIPMENT_GIVEN_UP, new FulfilmentInput.Order.Shipped("TRK-1")))
                        .state())
                .isEqualTo(SHIPPING_TRK_1);
    }

    @Test
    void defect1ThatShipmentCommitsTheStock() {
        assertThat(next(after(SHIPMENT_GIVEN_UP, new FulfilmentInput.Order.Shipped("TRK-1"))))
                .contains(new Step.CommitStock("mug"));
    }

    @Test
    void defect1AShipmentTheOrderAcceptedWhileAwaitedIsRecordedAsItIs() {
        assertThat(given(after(PAID, new FulfilmentInput.Order.Shipped("TRK-1")))
                        .state())
                .isEqualTo(SHIPPING_TRK_1);
    }

    private static final List<FulfilmentEvent> PAID_REFUND_REFUSED = after(
            concat(PAID, new CompensationStarted("Cancelled: no", NOW)),
            new FulfilmentInput.Order.Cancelled("no"),
            new FulfilmentInput.Payment.RefundRefused("ch-1", 1, "card closed"));

    @Test
    void defect2NeedsAttentionHoldsTheStock() {
        assertThat(((Fulfilment.NeedsAttention) given(PAID_REFUND_REFUSED).state())
                        .compensation()
                        .held())
                .containsExactly("pen", "mug");
    }

    @Test
    void defect2AResolutionReleasesTheStockHeld() {
        List<FulfilmentEvent> resolved = after(
                PAID_REFUND_REFUSED,
                new FulfilmentInput.Operator.Resolve("refunded by hand"),
                new FulfilmentInput.Stock.Released("pen"),
                new FulfilmentInput.Stock.Released("mug"));
        assertThat(given(resolved).state())
                .isInstanceOfSatisfying(
                        Fulfilment.Resolved.class,
                        done -> assertThat(done.undone().released()).containsExactly("pen", "mug"));
    }

    @Test
    void defect3AReservationRedeliveredAfterTheOrderWasGivenUpReleasesNothingTwice() {
        given(concat(
                        PAID,
                        new CompensationStarted("Cancelled: no", NOW),
                        new FulfilmentEvent.OrderCancelled("no", NOW),
                        new FulfilmentEvent.PaymentRefunded("ch-1", "re-1", NOW),
                        new FulfilmentEvent.StockReleased("pen", NOW),
                        new FulfilmentEvent.StockReleased("mug", NOW),
                        new FulfilmentEvent.FulfilmentCancelled("Cancelled: no", NOW)))
                .when(new FulfilmentInput.Stock.Reserved("mug"))
                .thenNothingHappened();
    }

    @Test
    void defect3AReservationRedeliveredWhileStillHeldForReleaseRecordsNothing() {
        given(concat(
                        PAID,
                        new CompensationStarted("Cancelled: no", NOW),
                        new FulfilmentEvent.OrderCancelled("no", NOW)))
                .when(new FulfilmentInput.Stock.Reserved("pen"))
                .thenNothingHappened();
    }

    private static final List<FulfilmentEvent> CANCELLATION_REFUSED = after(
            SHIPMENT_GIVEN_UP, new FulfilmentInput.Order.Refused(Step.CancelOrder.ID, "the order service refused it"));

    @Test
    void defect4TheOrderRefusingTheCancellationNeedsAnOperator() {
        assertThat(given(CANCELLATION_REFUSED).state()).isInstanceOf(Fulfilment.NeedsAttention.class);
    }

    @Test
    void defect4ACustomersCancellationWhileAnOperatorIsAwaitedIsRecorded() {
        given(CANCELLATION_REFUSED)
                .when(new FulfilmentInput.Order.Cancelled("changed my mind"))
                .then(new FulfilmentEvent.OrderCancelled("changed my mind", NOW));
    }

    @Test
    void defect4TheOperatorsRetryDoesNotCancelTheOrderTwice() {
        assertThat(next(after(
                        CANCELLATION_REFUSED,
                        new FulfilmentInput.Order.Cancelled("changed my mind"),
                        new FulfilmentInput.Operator.Retry("go on"))))
                .contains(new Step.RefundPayment("ch-1", 2));
    }

    private static final List<FulfilmentEvent> SHIPPING = after(PAID, new FulfilmentInput.Order.Shipped("TRK-1"));
    private static final List<FulfilmentEvent> COMPLETED =
            after(SHIPPING, new FulfilmentInput.Stock.Committed("mug"), new FulfilmentInput.Stock.Committed("pen"));

    @Test
    void defect5TheSameShipmentAgainIsNoNews() {
        given(SHIPPING).when(new FulfilmentInput.Order.Shipped("TRK-1")).thenNothingHappened();
    }

    @Test
    void defect5EveryLineCommittedCompletesTheInstance() {
        assertThat(given(COMPLETED).state()).isInstanceOf(Fulfilment.Completed.class);
    }

    @Test
    void defect5TheSameShipmentAgainAfterCompletionIsNoNews() {
        given(COMPLETED).when(new FulfilmentInput.Order.Shipped("TRK-1")).thenNothingHappened();
    }

    @Test
    void defect5AnotherTrackingNumberAfterCompletionIsRefusedNamingTheFirst() {
        assertThatThrownBy(() -> given(COMPLETED)
                        .when(new FulfilmentInput.Order.Shipped("TRK-2"))
                        .events())
                .isInstanceOf(FulfilmentRuleViolation.class)
                .hasMessageContaining("TRK-1");
    }

    @Test
    void defect5AnotherTrackingNumberWhileShippingIsRefused() {
        assertThatThrownBy(() -> given(SHIPPING)
                        .when(new FulfilmentInput.Order.Shipped("TRK-2"))
                        .events())
                .isInstanceOf(FulfilmentRuleViolation.class);
    }

    // Instances an earlier version of the process left behind.

    private static final List<FulfilmentEvent> LEFT_TO_SHIP =
            concat(PAID, new FulfilmentEvent.ShipmentConfirmed("TRK-1", NOW));

    @Test
    void anInstanceAnEarlierVersionLeftToShipTheOrderShipsIt() {
        assertThat(next(LEFT_TO_SHIP)).contains(new Step.ShipOrder("TRK-1"));
    }

    @Test
    void itThenCommitsTheStock() {
        assertThat(next(after(LEFT_TO_SHIP, new FulfilmentInput.Order.Shipped("TRK-1"))))
                .contains(new Step.CommitStock("mug"));
    }

    @Test
    void itsOrderCancelledBeforeTheProcessShippedItTheChargeIsRefundedAndTheStockReleased() {
        assertThat(given(after(LEFT_TO_SHIP, new FulfilmentInput.Order.Cancelled("changed my mind")))
                        .state())
                .isInstanceOfSatisfying(Fulfilment.Compensating.class, compensating -> {
                    assertThat(compensating.compensation().payment())
                            .isEqualTo(new Fulfilment.PaymentToUndo.Refund("ch-1"));
                    assertThat(compensating.compensation().held()).containsExactly("pen", "mug");
                });
    }

    private static final List<FulfilmentEvent> LEFT_NEEDING_ATTENTION = concat(
            PAID,
            new FulfilmentEvent.ShipmentConfirmed("TRK-1", NOW),
            new FulfilmentEvent.OrderCancelled("no", NOW),
            new FulfilmentEvent.NeedsAttention("The order was cancelled after the warehouse shipped it: no", NOW));

    @Test
    void anEarlierVersionsNeedsAttentionAfterShippingHoldsTheChargeAndTheStock() {
        assertThat(given(LEFT_NEEDING_ATTENTION).state())
                .isInstanceOfSatisfying(Fulfilment.NeedsAttention.class, attention -> {
                    assertThat(attention.compensation().payment())
                            .isEqualTo(new Fulfilment.PaymentToUndo.Refund("ch-1"));
                    assertThat(attention.compensation().held()).containsExactly("pen", "mug");
                });
    }

    @Test
    void anOperatorsRetryOfItRefundsTheCharge() {
        assertThat(next(after(LEFT_NEEDING_ATTENTION, new FulfilmentInput.Operator.Retry("refund it"))))
                .contains(new Step.RefundPayment("ch-1", 2));
    }

    // Late answers of the provider.

    @Test
    void aLateRefusalOfAnEarlierRefundAttemptSaysNothingOfTheCurrentOne() {
        given(after(PAID_REFUND_REFUSED, new FulfilmentInput.Operator.Retry("again")))
                .when(new FulfilmentInput.Payment.RefundRefused("ch-1", 1, "card closed"))
                .thenNothingHappened();
    }

    @Test
    void aLateSuccessOfARefusedRefundIsRecorded() {
        given(PAID_REFUND_REFUSED)
                .when(new FulfilmentInput.Payment.Refunded("ch-1", "re-1"))
                .then(new FulfilmentEvent.PaymentRefunded("ch-1", "re-1", NOW));
    }

    @Test
    void aRefundRecordedMeanwhileIsNotMadeAgainOnRetry() {
        assertThat(next(after(
                        PAID_REFUND_REFUSED,
                        new FulfilmentInput.Payment.Refunded("ch-1", "re-1"),
                        new FulfilmentInput.Operator.Retry("go on"))))
                .as("no second refund")
                .contains(new Step.ReleaseStock("pen"));
    }

    @Test
    void aShipmentByHandTheInstanceCannotFollowNeedsAnOperatorInsteadOfLooping() {
        List<FulfilmentEvent> attention = after(
                concat(RESERVED, new CompensationStarted("Payment was not confirmed within PT15M", NOW)),
                new FulfilmentInput.Order.Shipped("TRK-hand"));
        assertThat(given(attention).state()).isInstanceOf(Fulfilment.NeedsAttention.class);
        assertThat(next(attention)).isEmpty();
    }

    private static List<FulfilmentEvent> concat(List<FulfilmentEvent> first, FulfilmentEvent... more) {
        List<FulfilmentEvent> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }
}
