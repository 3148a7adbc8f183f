package dev.orderlog.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderlog.fulfilment.FulfilmentModel.ChargeMode;
import dev.orderlog.fulfilment.FulfilmentModel.Move;
import dev.orderlog.order.Order;
import dev.orderlog.stock.Stock;
import dev.orderlog.stock.StockEvent;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.assertj.core.api.SoftAssertions;

/**
 * Generated histories of one order: the customer, the warehouse, the provider, the clock, operators and the
 * subscription act in any order, again and out of order, with crashes between a step and its record. After every move
 * the invariants hold; left alone at the end, every instance settles: stock committed or released once, one net charge
 * or none, the order's status and the fulfilment's phase in agreement.
 */
class FulfilmentHistoriesTest {

    @Property(tries = 10_000)
    void everyInterleavingKeepsTheInvariants(
            @ForAll("histories") List<Move> moves,
            @ForAll @IntRange(max = 3) int mugs,
            @ForAll @IntRange(max = 2) int pens) {
        FulfilmentModel model = new FulfilmentModel(mugs, pens);
        for (Move move : moves) {
            model.apply(move);
            alwaysHolds(model);
        }
        model.settle();
        alwaysHolds(model);
        if (model.fulfilment() instanceof Fulfilment.NeedsAttention) {
            assertThat(model.refundRefused() || model.tookOverByHand() || model.order() instanceof Order.Cancelled)
                    .as("needs attention has a reason\n%s", model.history())
                    .isTrue();
            model.apply(new Move.OperatorResolves());
            model.settle();
            alwaysHolds(model);
        }
        settled(model);
    }

    @Provide
    Arbitrary<List<Move>> histories() {
        Arbitrary<Move> move = Arbitraries.oneOf(
                Arbitraries.of(false, true).map(Move.Drive::new),
                Arbitraries.just(new Move.Drive(false)),
                Arbitraries.of(true, false).map(Move.StaleDrive::new),
                Arbitraries.integers().between(0, 20).map(Move.Deliver::new),
                Arbitraries.integers().between(0, 5).map(Move.Webhook::new),
                Arbitraries.just(new Move.CustomerCancels()),
                Arbitraries.of("TRK-1", "TRK-2")
                        .flatMap(tracking ->
                                Arbitraries.of(false, true).map(crash -> new Move.WarehouseShips(tracking, crash))),
                Arbitraries.of(ChargeMode.class).map(Move.ProviderCharges::new),
                Arbitraries.of(false, true).map(Move.ProviderRefunds::new),
                Arbitraries.of(false, true).map(Move.ProviderSettlesPending::new),
                Arbitraries.of(Deadline.Kind.class).map(Move.ClockPasses::new),
                Arbitraries.just(new Move.OperatorRetries()),
                Arbitraries.just(new Move.OperatorResolves()),
                Arbitraries.just(new Move.PaysByHand()),
                Arbitraries.of("TRK-1", "TRK-hand").map(Move.ShipsByHand::new));
        return move.list().ofMaxSize(40);
    }

    /** What holds after every move, whatever is still on its way. */
    static void alwaysHolds(FulfilmentModel model) {
        SoftAssertions soft = new SoftAssertions();
        for (String sku : FulfilmentModel.LINES.keySet()) {
            Stock.Tracked stock = model.stock(sku);
            soft.assertThat(stock.available()).as("%s never oversold", sku).isNotNegative();
            soft.assertThat(stock.onHand() + model.committedUnits(sku))
                    .as("%s: on hand and committed are what was received", sku)
                    .isEqualTo(model.received(sku));
            soft.assertThat(model.count(sku, StockEvent.StockReserved.class))
                    .as("%s reserved at most once", sku)
                    .isLessThanOrEqualTo(1);
            soft.assertThat(model.count(sku, StockEvent.ReservationCommitted.class)
                            + model.count(sku, StockEvent.ReservationReleased.class))
                    .as("%s committed or released at most once, and only once reserved", sku)
                    .isLessThanOrEqualTo(model.count(sku, StockEvent.StockReserved.class));
        }
        soft.assertThat(model.netCharged()).as("one net charge or none").isIn(0L, FulfilmentModel.TOTAL);
        Fulfilment state = model.fulfilment();
        boolean ended = state instanceof Fulfilment.Completed
                || state instanceof Fulfilment.Cancelled
                || state instanceof Fulfilment.Resolved
                || state instanceof Fulfilment.NotStarted;
        if (!ended) {
            soft.assertThat(FulfilmentDecider.next(state).isPresent()
                            || FulfilmentDecider.deadline(state).isPresent()
                            || state instanceof Fulfilment.NeedsAttention attention
                                    && !attention.problem().isBlank())
                    .as("%s waits for a step, a deadline or an operator", state.phase())
                    .isTrue();
        }
        Order order = model.order();
        if (state instanceof Fulfilment.Shipping || state instanceof Fulfilment.Completed) {
            soft.assertThat(order).as("shipping follows the order").isInstanceOf(Order.Shipped.class);
        }
        if (state instanceof Fulfilment.Cancelled || state instanceof Fulfilment.Resolved && !model.tookOverByHand()) {
            soft.assertThat(order).as("a given-up fulfilment's order").isInstanceOf(Order.Cancelled.class);
        }
        if ((state instanceof Fulfilment.AwaitingShipment awaiting && awaiting.paymentConfirmedOnOrder()
                        || state instanceof Fulfilment.Shipping)
                && !model.tookOverByHand()) {
            soft.assertThat(model.netCharged())
                    .as("paid while awaiting shipment or after")
                    .isEqualTo(FulfilmentModel.TOTAL);
        }
        if (!soft.errorsCollected().isEmpty()) {
            soft.fail("after:\n" + model.history());
        }
        soft.assertAll();
    }

    /** Left alone, the instance has ended, and what it held is settled. */
    static void settled(FulfilmentModel model) {
        Fulfilment state = model.fulfilment();
        String history = model.history();
        assertThat(state)
                .as("ended\n%s", history)
                .isInstanceOfAny(Fulfilment.Completed.class, Fulfilment.Cancelled.class, Fulfilment.Resolved.class);
        boolean completed = state instanceof Fulfilment.Completed;
        if (model.tookOverByHand() && state instanceof Fulfilment.Resolved) {
            // Staff took the order past the process and an operator settled it: what is checked is that it ended and
            // holds nothing.
            FulfilmentModel.LINES
                    .keySet()
                    .forEach(sku -> assertThat(model.stock(sku).reservations())
                            .as("%s\n%s", sku, history)
                            .isEmpty());
            return;
        }
        for (String sku : FulfilmentModel.LINES.keySet()) {
            assertThat(model.stock(sku).reservations())
                    .as("%s holds nothing for the order\n%s", sku, history)
                    .isEmpty();
            long settledOnce = model.count(sku, StockEvent.ReservationCommitted.class)
                    + model.count(sku, StockEvent.ReservationReleased.class);
            assertThat(settledOnce)
                    .as("%s settled once if reserved\n%s", sku, history)
                    .isEqualTo(model.count(sku, StockEvent.StockReserved.class));
            assertThat(model.count(sku, StockEvent.ReservationCommitted.class))
                    .as("%s committed only when shipped\n%s", sku, history)
                    .isEqualTo(completed ? 1 : 0);
        }
        if (completed) {
            assertThat(model.order()).as(history).isInstanceOf(Order.Shipped.class);
            assertThat(model.netCharged()).as("charged once\n%s", history).isEqualTo(FulfilmentModel.TOTAL);
        } else {
            assertThat(model.order()).as(history).isInstanceOf(Order.Cancelled.class);
        }
        if (state instanceof Fulfilment.Cancelled) {
            assertThat(model.netCharged()).as("nothing kept\n%s", history).isZero();
        }
    }
}
