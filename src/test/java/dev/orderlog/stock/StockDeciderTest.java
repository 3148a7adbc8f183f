package dev.orderlog.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderlog.stock.StockCommand.Commit;
import dev.orderlog.stock.StockCommand.ReceiveStock;
import dev.orderlog.stock.StockCommand.Release;
import dev.orderlog.stock.StockCommand.Reserve;
import dev.orderlog.stock.StockEvent.ReservationCommitted;
import dev.orderlog.stock.StockEvent.ReservationReleased;
import dev.orderlog.stock.StockEvent.StockReceived;
import dev.orderlog.stock.StockEvent.StockReserved;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Given events, when a command, then events or a refusal: the stock rules without a database. */
class StockDeciderTest {
    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    private static Stock given(StockEvent... events) {
        Stock state = StockDecider.DECIDER.initial();
        for (StockEvent event : events) {
            state = StockDecider.DECIDER.evolve(state, event);
        }
        return state;
    }

    private static List<StockEvent> when(Stock state, StockCommand command) {
        return StockDecider.DECIDER.decide(command, state, NOW);
    }

    @Test
    void aReservationBeyondWhatIsAvailableIsRefused() {
        Stock stock = given(new StockReceived("mug", 3, NOW), new StockReserved("mug", "o-1", 2));
        assertThatThrownBy(() -> when(stock, new Reserve("mug", "o-2", 2)))
                .isInstanceOf(StockRuleViolation.class)
                .satisfies(refused ->
                        assertThat(((StockRuleViolation) refused).rule()).isEqualTo(StockRule.INSUFFICIENT_STOCK));
        assertThat(when(stock, new Reserve("mug", "o-2", 1))).containsExactly(new StockReserved("mug", "o-2", 1));
        assertThatThrownBy(() -> when(given(), new Reserve("mug", "o-3", 1))).isInstanceOf(StockRuleViolation.class);
    }

    @Test
    void reservingReleasingAndCommittingAreIdempotentPerOrderEvenAfterTheReservationIsSettled() {
        Stock reserved = given(new StockReceived("mug", 3, NOW), new StockReserved("mug", "o-1", 2));
        assertThat(when(reserved, new Reserve("mug", "o-1", 2))).isEmpty();
        Stock released = StockDecider.DECIDER.evolve(reserved, new ReservationReleased("mug", "o-1", 2, NOW));
        assertThat(when(released, new Release("mug", "o-1"))).isEmpty();
        assertThat(when(released, new Reserve("mug", "o-1", 2)))
                .as("a late retry of a settled reservation")
                .isEmpty();
        Stock committed = given(
                new StockReceived("mug", 3, NOW),
                new StockReserved("mug", "o-1", 2),
                new ReservationCommitted("mug", "o-1", 2, NOW));
        assertThat(when(committed, new Commit("mug", "o-1"))).isEmpty();
        assertThat(((Stock.Tracked) committed).onHand()).isEqualTo(1);
        assertThat(((Stock.Tracked) committed).available()).isEqualTo(1);
    }

    @Test
    void releaseAndCommitMoveWhatTheOrderHeld() {
        Stock stock = given(new StockReceived("mug", 5, NOW), new StockReserved("mug", "o-1", 2));
        assertThat(when(stock, new Release("mug", "o-1")))
                .containsExactly(new ReservationReleased("mug", "o-1", 2, NOW));
        assertThat(when(stock, new Commit("mug", "o-1")))
                .containsExactly(new ReservationCommitted("mug", "o-1", 2, NOW));
        assertThatThrownBy(() -> when(stock, new ReceiveStock("mug", 0))).isInstanceOf(StockRuleViolation.class);
    }

    @Test
    void aSettledOrderIsRememberedForTheKeptTimeAfterTheNewestSettlementThenForgotten() {
        Stock settled = given(
                new StockReceived("mug", 10, NOW),
                new StockReserved("mug", "o-1", 1),
                new ReservationCommitted("mug", "o-1", 1, NOW),
                new StockReserved("mug", "o-2", 1),
                new ReservationReleased("mug", "o-2", 1, NOW.plus(Stock.Tracked.SETTLED_KEPT)));
        assertThat(((Stock.Tracked) settled).settled()).containsOnlyKeys("o-1", "o-2");
        assertThat(when(settled, new Reserve("mug", "o-1", 1)))
                .as("settled exactly the kept time before the newest")
                .isEmpty();

        Stock later = StockDecider.DECIDER.evolveAll(
                settled,
                List.of(
                        new StockReserved("mug", "o-3", 1),
                        new ReservationReleased(
                                "mug",
                                "o-3",
                                1,
                                NOW.plus(Stock.Tracked.SETTLED_KEPT).plusSeconds(1))));
        assertThat(((Stock.Tracked) later).settled()).containsOnlyKeys("o-2", "o-3");
        assertThat(when(later, new Reserve("mug", "o-1", 1)))
                .as("forgotten: reserved anew")
                .containsExactly(new StockReserved("mug", "o-1", 1));
        assertThat(((Stock.Tracked) later).reserved()).isZero();
        assertThat(((Stock.Tracked) later).onHand()).isEqualTo(9);
    }

    @Test
    void settlementsRecordedWithoutATimeAreDatedByTheFirstDatedOneThatFollows() {
        Stock legacy = given(
                new StockReceived("mug", 10, NOW),
                new StockReserved("mug", "o-1", 1),
                new ReservationReleased("mug", "o-1", 1, null),
                new StockReserved("mug", "o-2", 1),
                new ReservationCommitted("mug", "o-2", 1, NOW),
                new StockReserved("mug", "o-3", 1),
                new ReservationReleased("mug", "o-3", 1, null));
        Stock.Tracked tracked = (Stock.Tracked) legacy;
        assertThat(tracked.settled()).containsOnlyKeys("o-1", "o-2", "o-3");
        assertThat(tracked.settled().get("o-1"))
                .as("dated by o-2's settlement, not forgotten by it")
                .isEqualTo(NOW);
        assertThat(tracked.reserved()).isZero();
        assertThat(tracked.onHand()).isEqualTo(9);

        Stock later = StockDecider.DECIDER.evolveAll(
                legacy,
                List.of(
                        new StockReserved("mug", "o-4", 1),
                        new ReservationReleased(
                                "mug",
                                "o-4",
                                1,
                                NOW.plus(Stock.Tracked.SETTLED_KEPT).plusSeconds(1))));
        assertThat(((Stock.Tracked) later).settled()).containsOnlyKeys("o-3", "o-4");
        assertThat(when(later, new Reserve("mug", "o-3", 1)))
                .as("o-3, dated by o-4's settlement, still remembered")
                .isEmpty();
    }

    @Test
    void aSettlementFromAClockBehindIsNotForgottenAtOnce() {
        Stock stock = given(
                new StockReceived("mug", 10, NOW),
                new StockReserved("mug", "o-1", 1),
                new ReservationCommitted("mug", "o-1", 1, NOW),
                new StockReserved("mug", "o-2", 1),
                new ReservationReleased("mug", "o-2", 1, NOW.minusSeconds(3_600)));
        assertThat(((Stock.Tracked) stock).settled()).containsOnlyKeys("o-1", "o-2");
        assertThat(when(stock, new Reserve("mug", "o-2", 1))).isEmpty();
    }

    @Test
    void foldingManyEventsAtOnceGivesTheStateFoldingThemOneByOneGives() {
        List<StockEvent> history = new java.util.ArrayList<>(List.of(new StockReceived("mug", 1_000, NOW)));
        for (int order = 0; order < 300; order++) {
            history.add(new StockReserved("mug", "o-" + order, 1 + order % 3));
            if (order % 4 == 1) {
                history.add(new ReservationReleased(
                        "mug", "o-" + (order - 1), 1 + (order - 1) % 3, NOW.plusSeconds(order * 5L)));
            } else if (order % 4 == 3) {
                history.add(new ReservationCommitted(
                        "mug", "o-" + (order - 1), 1 + (order - 1) % 3, NOW.plusSeconds(order * 5L)));
            }
        }
        Stock oneByOne = given(history.toArray(StockEvent[]::new));
        Stock atOnce = StockDecider.DECIDER.evolveAll(StockDecider.DECIDER.initial(), history);
        assertThat(atOnce).isEqualTo(oneByOne);
        Stock.Tracked tracked = (Stock.Tracked) atOnce;
        assertThat(tracked.reserved())
                .isEqualTo(tracked.reservations().values().stream()
                        .mapToLong(Integer::longValue)
                        .sum());
        assertThat(tracked.settled().values())
                .allSatisfy(at -> assertThat(at)
                        .isAfterOrEqualTo(NOW.plusSeconds(299 * 5L).minus(Stock.Tracked.SETTLED_KEPT)));
    }

    @Test
    void aReceiptHoldsAtMostTheBoundedQuantity() {
        assertThat(when(given(), new ReceiveStock("mug", StockDecider.MAX_RECEIPT)))
                .containsExactly(new StockReceived("mug", StockDecider.MAX_RECEIPT, NOW));
        assertThatThrownBy(() -> when(given(), new ReceiveStock("mug", StockDecider.MAX_RECEIPT + 1)))
                .isInstanceOfSatisfying(
                        StockRuleViolation.class,
                        refused -> assertThat(refused.rule()).isEqualTo(StockRule.RECEIPT_TOO_LARGE));
    }

    @Test
    void aSkuHoldsAtMostTheBoundOnHandAndItsLevelsAreLongs() {
        StockEvent[] receipts = new StockEvent[(int) (StockDecider.MAX_ON_HAND / StockDecider.MAX_RECEIPT)];
        java.util.Arrays.fill(receipts, new StockReceived("mug", StockDecider.MAX_RECEIPT, NOW));
        Stock full = given(receipts);
        assertThat(((Stock.Tracked) full).onHand()).isEqualTo(StockDecider.MAX_ON_HAND);
        assertThatThrownBy(() -> when(full, new ReceiveStock("mug", 1)))
                .isInstanceOfSatisfying(
                        StockRuleViolation.class,
                        refused -> assertThat(refused.rule()).isEqualTo(StockRule.TOO_MUCH_ON_HAND));
        assertThat(((Stock.Tracked) full).available()).isEqualTo(StockDecider.MAX_ON_HAND);
        // Past int's range the levels stay exact (2 148 receipts of 10^6 once wrapped onHand negative).
        Stock past = given(new StockReceived("mug", 1, NOW));
        for (int receipt = 0; receipt < 2_148; receipt++) {
            past = StockDecider.DECIDER.evolve(past, new StockReceived("mug", StockDecider.MAX_RECEIPT, NOW));
        }
        assertThat(((Stock.Tracked) past).onHand()).isEqualTo(2_148L * StockDecider.MAX_RECEIPT + 1);
    }
}
