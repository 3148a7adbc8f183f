package dev.orderlog.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderlog.order.OrderCommand.AddLine;
import dev.orderlog.order.OrderCommand.CancelOrder;
import dev.orderlog.order.OrderCommand.ChangeLineQuantity;
import dev.orderlog.order.OrderCommand.ConfirmPayment;
import dev.orderlog.order.OrderCommand.CreateOrder;
import dev.orderlog.order.OrderCommand.DeliverOrder;
import dev.orderlog.order.OrderCommand.PlaceOrder;
import dev.orderlog.order.OrderCommand.RemoveLine;
import dev.orderlog.order.OrderCommand.ShipOrder;
import dev.orderlog.order.OrderEvent.LineAdded;
import dev.orderlog.order.OrderEvent.LineQuantityChanged;
import dev.orderlog.order.OrderEvent.LineRemoved;
import dev.orderlog.order.OrderEvent.OrderCancelled;
import dev.orderlog.order.OrderEvent.OrderCreated;
import dev.orderlog.order.OrderEvent.OrderDelivered;
import dev.orderlog.order.OrderEvent.OrderPlaced;
import dev.orderlog.order.OrderEvent.OrderShipped;
import dev.orderlog.order.OrderEvent.PaymentConfirmed;
import dev.orderlog.platform.command.DeciderSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Given events, when a command, then events or a broken rule. */
class OrderDeciderTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final ShippingAddress HOME = new ShippingAddress("Ada", "1 Main St", "Springfield", "12345", "US");
    private static final OrderCreated CREATED = new OrderCreated("o-1", "c-1", "EUR", NOW);
    private static final LineAdded TWO_BOOKS = new LineAdded("book", 2, 1_250);
    private static final LineAdded ONE_PEN = new LineAdded("pen", 1, 300);
    private static final OrderPlaced PLACED = new OrderPlaced(HOME, 2_800, NOW);
    private static final PaymentConfirmed PAID = new PaymentConfirmed(2_800, "pay-1", NOW);
    private static final OrderShipped SHIPPED = new OrderShipped("track-1", NOW);
    /** 1 000 units at the highest price: exactly the highest total. */
    private static final LineAdded HIGHEST = new LineAdded("gold", 1_000, OrderDecider.MAX_UNIT_PRICE_MINOR);

    private static final LineAdded ONE_SHORT_OF_HIGHEST = new LineAdded("gold", 999, OrderDecider.MAX_UNIT_PRICE_MINOR);

    private static final DeciderSpec<OrderCommand, Order, OrderEvent> SPEC = DeciderSpec.of(OrderDecider.DECIDER, NOW);

    private static DeciderSpec<OrderCommand, Order, OrderEvent>.Given given(OrderEvent... events) {
        return SPEC.given(events);
    }

    private static Money eur(long minor) {
        return new Money(minor, "EUR");
    }

    @Test
    void creatingANewOrderStartsADraft() {
        given().when(new CreateOrder("o-1", "c-1", "EUR")).then(CREATED);
    }

    @Test
    void creatingAnExistingOrderIsRefused() {
        given(CREATED).when(new CreateOrder("o-1", "c-1", "EUR")).thenBreaks(OrderRule.ORDER_ALREADY_EXISTS);
    }

    @Test
    void addingALineToAMissingOrderIsNotFound() {
        given().when(new AddLine("book", 1, eur(100))).thenBreaks(OrderRule.ORDER_NOT_FOUND);
    }

    @Test
    void cancellingAMissingOrderIsNotFound() {
        given().when(new CancelOrder("why")).thenBreaks(OrderRule.ORDER_NOT_FOUND);
    }

    @Test
    void addingALineToADraft() {
        given(CREATED).when(new AddLine("book", 2, eur(1_250))).then(TWO_BOOKS);
    }

    @Test
    void aLineIsAddedWithAPositiveQuantity() {
        given(CREATED).when(new AddLine("book", 0, eur(100))).thenBreaks(OrderRule.QUANTITY_MUST_BE_POSITIVE);
    }

    @Test
    void aLinesQuantityChangesToAPositiveOne() {
        given(CREATED, TWO_BOOKS)
                .when(new ChangeLineQuantity("book", -1))
                .thenBreaks(OrderRule.QUANTITY_MUST_BE_POSITIVE);
    }

    @Test
    void pricesMustNotBeNegative() {
        given(CREATED).when(new AddLine("book", 1, eur(-1))).thenBreaks(OrderRule.PRICE_MUST_NOT_BE_NEGATIVE);
    }

    @Test
    void everyPriceIsInTheOrdersCurrency() {
        given(CREATED).when(new AddLine("book", 1, new Money(100, "USD"))).thenBreaks(OrderRule.ONE_CURRENCY_PER_ORDER);
    }

    @Test
    void aSkuAppearsOnce() {
        given(CREATED, TWO_BOOKS).when(new AddLine("book", 1, eur(100))).thenBreaks(OrderRule.LINE_ALREADY_EXISTS);
    }

    @Test
    void anOrderHoldsABoundedNumberOfLines() {
        List<OrderEvent> full = new ArrayList<>(List.of(CREATED));
        for (int i = 0; i < OrderDecider.MAX_LINES; i++) {
            full.add(new LineAdded("sku-" + i, 1, 100));
        }
        given(full.toArray(OrderEvent[]::new))
                .when(new AddLine("one-more", 1, eur(100)))
                .thenBreaks(OrderRule.TOO_MANY_LINES);
    }

    @Test
    void changingALinesQuantity() {
        given(CREATED, TWO_BOOKS).when(new ChangeLineQuantity("book", 5)).then(new LineQuantityChanged("book", 5));
    }

    @Test
    void removingALine() {
        given(CREATED, TWO_BOOKS).when(new RemoveLine("book")).then(new LineRemoved("book"));
    }

    @Test
    void removingALineTheOrderLacksIsRefused() {
        given(CREATED).when(new RemoveLine("book")).thenBreaks(OrderRule.LINE_NOT_FOUND);
    }

    @Test
    void changingALineTheOrderLacksIsRefused() {
        given(CREATED).when(new ChangeLineQuantity("book", 1)).thenBreaks(OrderRule.LINE_NOT_FOUND);
    }

    @Test
    void placingComputesTheTotalFromTheLines() {
        given(CREATED, TWO_BOOKS, ONE_PEN).when(new PlaceOrder(HOME)).then(PLACED);
    }

    @Test
    void placingComputesTheTotalFromTheLinesAsChanged() {
        given(CREATED, TWO_BOOKS, ONE_PEN, new LineQuantityChanged("pen", 3), new LineRemoved("book"))
                .when(new PlaceOrder(HOME))
                .then(new OrderPlaced(HOME, 900, NOW));
    }

    @Test
    void anEmptyOrderCannotBePlaced() {
        given(CREATED).when(new PlaceOrder(HOME)).thenBreaks(OrderRule.CANNOT_PLACE_EMPTY_ORDER);
    }

    @Test
    void noLineIsAddedAfterPlacing() {
        given(CREATED, TWO_BOOKS, ONE_PEN, PLACED)
                .when(new AddLine("cup", 1, eur(100)))
                .thenBreaks(OrderRule.NO_EDITS_AFTER_PLACING);
    }

    @Test
    void noLineIsRemovedAfterPlacing() {
        given(CREATED, TWO_BOOKS, ONE_PEN, PLACED)
                .when(new RemoveLine("pen"))
                .thenBreaks(OrderRule.NO_EDITS_AFTER_PLACING);
    }

    @Test
    void anOrderIsPlacedOnce() {
        given(CREATED, TWO_BOOKS, ONE_PEN, PLACED)
                .when(new PlaceOrder(HOME))
                .thenBreaks(OrderRule.NO_EDITS_AFTER_PLACING);
    }

    @Test
    void paymentOfTheTotalConfirmsIt() {
        given(CREATED, TWO_BOOKS, ONE_PEN, PLACED)
                .when(new ConfirmPayment(eur(2_800), "pay-1"))
                .then(PAID);
    }

    @Test
    void paymentMustEqualTheTotal() {
        given(CREATED, TWO_BOOKS, ONE_PEN, PLACED)
                .when(new ConfirmPayment(eur(2_799), "pay-1"))
                .thenBreaks(OrderRule.PAYMENT_MUST_EQUAL_TOTAL);
    }

    @Test
    void paymentIsInTheOrdersCurrency() {
        given(CREATED, TWO_BOOKS, ONE_PEN, PLACED)
                .when(new ConfirmPayment(new Money(2_800, "USD"), "pay-1"))
                .thenBreaks(OrderRule.ONE_CURRENCY_PER_ORDER);
    }

    @Test
    void aDraftCannotBePaid() {
        given(CREATED, TWO_BOOKS).when(new ConfirmPayment(eur(2_500), "pay-1")).thenBreaks(OrderRule.NOT_PLACED);
    }

    @Test
    void aPaidOrderCannotBePaidAgain() {
        given(CREATED, TWO_BOOKS, ONE_PEN, PLACED, PAID)
                .when(new ConfirmPayment(eur(2_800), "pay-2"))
                .thenBreaks(OrderRule.NOT_PLACED);
    }

    @Test
    void shippingNeedsPayment() {
        given(CREATED, TWO_BOOKS, ONE_PEN, PLACED)
                .when(new ShipOrder("track-1"))
                .thenBreaks(OrderRule.NOT_PAID);
    }

    @Test
    void aPaidOrderShips() {
        given(CREATED, TWO_BOOKS, ONE_PEN, PLACED, PAID)
                .when(new ShipOrder("track-1"))
                .then(SHIPPED);
    }

    @Test
    void deliveryNeedsShipping() {
        given(CREATED, TWO_BOOKS, ONE_PEN, PLACED, PAID)
                .when(new DeliverOrder())
                .thenBreaks(OrderRule.NOT_SHIPPED);
    }

    @Test
    void aShippedOrderIsDelivered() {
        given(CREATED, TWO_BOOKS, ONE_PEN, PLACED, PAID, SHIPPED)
                .when(new DeliverOrder())
                .then(new OrderDelivered(NOW));
    }

    @Test
    void cancellingADraftRefundsNothing() {
        given(CREATED, TWO_BOOKS)
                .when(new CancelOrder("changed mind"))
                .then(new OrderCancelled("changed mind", 0, NOW));
    }

    @Test
    void cancellingAnUnpaidOrderRefundsNothing() {
        given(CREATED, TWO_BOOKS, ONE_PEN, PLACED)
                .when(new CancelOrder("late"))
                .then(new OrderCancelled("late", 0, NOW));
    }

    @Test
    void cancellingAPaidOrderRefundsWhatWasPaid() {
        given(CREATED, TWO_BOOKS, ONE_PEN, PLACED, PAID)
                .when(new CancelOrder("late"))
                .then(new OrderCancelled("late", 2_800, NOW));
    }

    @Test
    void noCancelAfterShipping() {
        given(CREATED, TWO_BOOKS, ONE_PEN, PLACED, PAID, SHIPPED)
                .when(new CancelOrder("x"))
                .thenBreaks(OrderRule.NO_CANCEL_AFTER_SHIPPING);
    }

    @Test
    void noCancelAfterDelivery() {
        given(CREATED, TWO_BOOKS, ONE_PEN, PLACED, PAID, SHIPPED, new OrderDelivered(NOW))
                .when(new CancelOrder("x"))
                .thenBreaks(OrderRule.NO_CANCEL_AFTER_SHIPPING);
    }

    @Test
    void noCancelTwice() {
        given(CREATED, new OrderCancelled("x", 0, NOW))
                .when(new CancelOrder("again"))
                .thenBreaks(OrderRule.NO_CANCEL_AFTER_SHIPPING);
    }

    @Test
    void aCancelledOrderAcceptsNoFurtherChanges() {
        given(CREATED, new OrderCancelled("x", 0, NOW))
                .when(new AddLine("book", 1, eur(100)))
                .thenBreaks(OrderRule.NO_EDITS_AFTER_PLACING);
    }

    @Test
    void foldingTheHistoryGivesTheState() {
        Order state = OrderDecider.fold(
                OrderDecider.initial(),
                List.of(CREATED, TWO_BOOKS, ONE_PEN, PLACED, PAID, new OrderCancelled("x", 2_800, NOW)));
        assertThat(state).isInstanceOfSatisfying(Order.Cancelled.class, cancelled -> {
            assertThat(cancelled.refund()).isEqualTo(eur(2_800));
            assertThat(cancelled.lines()).hasSize(2);
        });
    }

    @Test
    void aLineMayHoldTheBoundedQuantity() {
        given(CREATED)
                .when(new AddLine("book", OrderDecider.MAX_QUANTITY, new Money(1, "EUR")))
                .then(new LineAdded("book", OrderDecider.MAX_QUANTITY, 1));
    }

    @Test
    void aLineIsNotAddedWithMoreThanTheBoundedQuantity() {
        given(CREATED)
                .when(new AddLine("book", OrderDecider.MAX_QUANTITY + 1, new Money(1, "EUR")))
                .thenBreaks(OrderRule.QUANTITY_TOO_LARGE);
    }

    @Test
    void aLinesQuantityDoesNotChangePastTheBound() {
        given(CREATED, TWO_BOOKS)
                .when(new ChangeLineQuantity("book", OrderDecider.MAX_QUANTITY + 1))
                .thenBreaks(OrderRule.QUANTITY_TOO_LARGE);
    }

    @Test
    void aUnitPriceMayBeTheBound() {
        given(CREATED)
                .when(new AddLine("gold", 1, new Money(OrderDecider.MAX_UNIT_PRICE_MINOR, "EUR")))
                .then(new LineAdded("gold", 1, OrderDecider.MAX_UNIT_PRICE_MINOR));
    }

    @Test
    void aUnitPricePastTheBoundIsRefused() {
        given(CREATED)
                .when(new AddLine("gold", 1, new Money(OrderDecider.MAX_UNIT_PRICE_MINOR + 1, "EUR")))
                .thenBreaks(OrderRule.PRICE_TOO_LARGE);
    }

    @Test
    void aUnitPriceThatWouldOverflowTheLineIsRefused() {
        given(CREATED)
                .when(new AddLine("gold", 2, new Money(Long.MAX_VALUE, "EUR")))
                .thenBreaks(OrderRule.PRICE_TOO_LARGE);
    }

    @Test
    void anOrdersTotalMayBeTheBound() {
        given(CREATED)
                .when(new AddLine("gold", 1_000, new Money(OrderDecider.MAX_UNIT_PRICE_MINOR, "EUR")))
                .then(HIGHEST);
    }

    @Test
    void aLineThatTakesTheTotalPastTheBoundIsRefused() {
        given(CREATED, HIGHEST).when(new AddLine("pen", 1, new Money(1, "EUR"))).thenBreaks(OrderRule.TOTAL_TOO_LARGE);
    }

    @Test
    void aFreeLineFitsAnOrderAtTheBound() {
        given(CREATED, HIGHEST).when(new AddLine("pen", 1, new Money(0, "EUR"))).then(new LineAdded("pen", 1, 0));
    }

    @Test
    void aQuantityMayChangeUpToTheBoundOfTheTotal() {
        given(CREATED, ONE_SHORT_OF_HIGHEST)
                .when(new ChangeLineQuantity("gold", 1_000))
                .then(new LineQuantityChanged("gold", 1_000));
    }

    @Test
    void aQuantityChangeThatTakesTheTotalPastTheBoundIsRefused() {
        given(CREATED, ONE_SHORT_OF_HIGHEST)
                .when(new ChangeLineQuantity("gold", 1_001))
                .thenBreaks(OrderRule.TOTAL_TOO_LARGE);
    }
}
