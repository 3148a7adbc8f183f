package dev.orderlog.stock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderlog.platform.command.DeciderSpec;
import dev.orderlog.stock.StockCommand.Commit;
import dev.orderlog.stock.StockCommand.ReceiveStock;
import dev.orderlog.stock.StockCommand.Release;
import dev.orderlog.stock.StockCommand.Reserve;
import dev.orderlog.stock.StockEvent.ReservationCommitted;
import dev.orderlog.stock.StockEvent.ReservationReleased;
import dev.orderlog.stock.StockEvent.StockReceived;
import dev.orderlog.stock.StockEvent.StockReserved;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Given events, when a command, then events or a refusal: the stock rules without a database. */
class StockDeciderTest {
    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final DeciderSpec<StockCommand, Stock, StockEvent> SPEC = DeciderSpec.of(StockDecider.DECIDER, NOW);

    private static final StockReceived THREE_MUGS = new StockReceived("mug", 3, NOW);
    private static final StockReserved O1_TAKES_TWO = new StockReserved("mug", "o-1", 2);

    private static DeciderSpec<StockCommand, Stock, StockEvent>.Given given(StockEvent... events) {
        return SPEC.given(events);
    }

    private static DeciderSpec<StockCommand, Stock, StockEvent>.Given given(List<StockEvent> events) {
        return SPEC.given(events);
    }

    private static Stock.Tracked tracked(DeciderSpec<StockCommand, Stock, StockEvent>.Given given) {
        return (Stock.Tracked) given.state();
    }

    @Test
    void aCountCorrectsTheUnitsOnHandAndSaysWhatTheyWere() {
        var counted = given(THREE_MUGS, O1_TAKES_TWO).when(new StockCommand.CorrectCount("mug", 5, "Found two"));
        counted.then(new StockEvent.StockCounted("mug", 5, 3, "Found two", NOW));
        assertThat(tracked(given(THREE_MUGS, O1_TAKES_TWO, new StockEvent.StockCounted("mug", 5, 3, "Found two", NOW)))
                        .available())
                .isEqualTo(3);
    }

    @Test
    void aCountOfWhatTheStockSaysChangesNothing() {
        given(THREE_MUGS)
                .when(new StockCommand.CorrectCount("mug", 3, "Checked"))
                .thenNothingHappened();
    }

    @Test
    void aCountBelowWhatOrdersHoldIsRefused() {
        given(THREE_MUGS, O1_TAKES_TWO)
                .when(new StockCommand.CorrectCount("mug", 1, "Two broke"))
                .thenBreaks(StockRule.COUNT_BELOW_RESERVED);
    }

    @Test
    void aNegativeCountIsRefused() {
        given(THREE_MUGS).when(new StockCommand.CorrectCount("mug", -1, "Typo")).thenBreaks(StockRule.COUNT_NEGATIVE);
    }

    @Test
    void aCountPastTheBoundIsRefused() {
        given(THREE_MUGS)
                .when(new StockCommand.CorrectCount("mug", StockDecider.MAX_ON_HAND + 1, "Typo"))
                .thenBreaks(StockRule.TOO_MUCH_ON_HAND);
    }

    @Test
    void aReservationBeyondWhatIsAvailableIsRefused() {
        given(THREE_MUGS, O1_TAKES_TWO).when(new Reserve("mug", "o-2", 2)).thenBreaks(StockRule.INSUFFICIENT_STOCK);
    }

    @Test
    void aReservationWithinWhatIsAvailableIsMade() {
        given(THREE_MUGS, O1_TAKES_TWO).when(new Reserve("mug", "o-2", 1)).then(new StockReserved("mug", "o-2", 1));
    }

    @Test
    void aSkuNeverReceivedHasNothingToReserve() {
        given().when(new Reserve("mug", "o-3", 1)).thenBreaks(StockRule.INSUFFICIENT_STOCK);
    }

    @Test
    void reservingAgainForTheSameOrderReservesNothingMore() {
        given(THREE_MUGS, O1_TAKES_TWO).when(new Reserve("mug", "o-1", 2)).thenNothingHappened();
    }

    @Test
    void releasingAgainReleasesNothingMore() {
        given(THREE_MUGS, O1_TAKES_TWO, new ReservationReleased("mug", "o-1", 2, NOW))
                .when(new Release("mug", "o-1"))
                .thenNothingHappened();
    }

    @Test
    void aLateRetryOfASettledReservationReservesNothing() {
        given(THREE_MUGS, O1_TAKES_TWO, new ReservationReleased("mug", "o-1", 2, NOW))
                .when(new Reserve("mug", "o-1", 2))
                .thenNothingHappened();
    }

    @Test
    void committingAgainCommitsNothingMore() {
        given(THREE_MUGS, O1_TAKES_TWO, new ReservationCommitted("mug", "o-1", 2, NOW))
                .when(new Commit("mug", "o-1"))
                .thenNothingHappened();
    }

    @Test
    void aCommittedReservationLeavesTheWarehouse() {
        Stock.Tracked committed =
                tracked(given(THREE_MUGS, O1_TAKES_TWO, new ReservationCommitted("mug", "o-1", 2, NOW)));
        assertThat(committed.onHand()).isEqualTo(1);
        assertThat(committed.available()).isEqualTo(1);
    }

    @Test
    void releaseGivesBackWhatTheOrderHeld() {
        given(new StockReceived("mug", 5, NOW), O1_TAKES_TWO)
                .when(new Release("mug", "o-1"))
                .then(new ReservationReleased("mug", "o-1", 2, NOW));
    }

    @Test
    void commitTakesWhatTheOrderHeld() {
        given(new StockReceived("mug", 5, NOW), O1_TAKES_TWO)
                .when(new Commit("mug", "o-1"))
                .then(new ReservationCommitted("mug", "o-1", 2, NOW));
    }

    @Test
    void aReceiptOfNothingIsRefused() {
        given(new StockReceived("mug", 5, NOW), O1_TAKES_TWO)
                .when(new ReceiveStock("mug", 0))
                .thenBreaks(StockRule.QUANTITY_MUST_BE_POSITIVE);
    }

    /** o-1 settled at NOW, o-2 exactly the kept time later: o-1 is still remembered. */
    private static final List<StockEvent> SETTLED_KEPT_APART = List.of(
            new StockReceived("mug", 10, NOW),
            new StockReserved("mug", "o-1", 1),
            new ReservationCommitted("mug", "o-1", 1, NOW),
            new StockReserved("mug", "o-2", 1),
            new ReservationReleased("mug", "o-2", 1, NOW.plus(Stock.Tracked.SETTLED_KEPT)));

    /** Then o-3 settles a second past that: o-1 is forgotten. */
    private static final List<StockEvent> AND_ONE_SECOND_MORE = concat(
            SETTLED_KEPT_APART,
            new StockReserved("mug", "o-3", 1),
            new ReservationReleased(
                    "mug", "o-3", 1, NOW.plus(Stock.Tracked.SETTLED_KEPT).plusSeconds(1)));

    @Test
    void aSettledOrderIsRememberedForTheKeptTimeAfterTheNewestSettlement() {
        assertThat(tracked(given(SETTLED_KEPT_APART)).settled()).containsOnlyKeys("o-1", "o-2");
        given(SETTLED_KEPT_APART).when(new Reserve("mug", "o-1", 1)).thenNothingHappened();
    }

    @Test
    void aSettledOrderIsForgottenPastTheKeptTimeAndReservedAnew() {
        Stock.Tracked later = tracked(given(AND_ONE_SECOND_MORE));
        assertThat(later.settled()).containsOnlyKeys("o-2", "o-3");
        assertThat(later.reserved()).isZero();
        assertThat(later.onHand()).isEqualTo(9);
        given(AND_ONE_SECOND_MORE).when(new Reserve("mug", "o-1", 1)).then(new StockReserved("mug", "o-1", 1));
    }

    /** Settlements recorded before they carried a time (null), around a dated one. */
    private static final List<StockEvent> LEGACY = List.of(
            new StockReceived("mug", 10, NOW),
            new StockReserved("mug", "o-1", 1),
            new ReservationReleased("mug", "o-1", 1, null),
            new StockReserved("mug", "o-2", 1),
            new ReservationCommitted("mug", "o-2", 1, NOW),
            new StockReserved("mug", "o-3", 1),
            new ReservationReleased("mug", "o-3", 1, null));

    @Test
    void settlementsRecordedWithoutATimeAreDatedByTheFirstDatedOneThatFollows() {
        Stock.Tracked tracked = tracked(given(LEGACY));
        assertThat(tracked.settled()).containsOnlyKeys("o-1", "o-2", "o-3");
        assertThat(tracked.settled().get("o-1"))
                .as("dated by o-2's settlement, not forgotten by it")
                .isEqualTo(NOW);
        assertThat(tracked.reserved()).isZero();
        assertThat(tracked.onHand()).isEqualTo(9);
    }

    @Test
    void anUndatedSettlementAfterTheNewestDatedOneIsDatedByTheNextAndRemembered() {
        List<StockEvent> later = concat(
                LEGACY,
                new StockReserved("mug", "o-4", 1),
                new ReservationReleased(
                        "mug", "o-4", 1, NOW.plus(Stock.Tracked.SETTLED_KEPT).plusSeconds(1)));
        assertThat(tracked(given(later)).settled()).containsOnlyKeys("o-3", "o-4");
        given(later).when(new Reserve("mug", "o-3", 1)).thenNothingHappened();
    }

    @Test
    void aSettlementFromAClockBehindIsNotForgottenAtOnce() {
        var stock = given(
                new StockReceived("mug", 10, NOW),
                new StockReserved("mug", "o-1", 1),
                new ReservationCommitted("mug", "o-1", 1, NOW),
                new StockReserved("mug", "o-2", 1),
                new ReservationReleased("mug", "o-2", 1, NOW.minusSeconds(3_600)));
        assertThat(tracked(stock).settled()).containsOnlyKeys("o-1", "o-2");
        stock.when(new Reserve("mug", "o-2", 1)).thenNothingHappened();
    }

    @Test
    void foldingManyEventsAtOnceGivesTheStateFoldingThemOneByOneGives() {
        List<StockEvent> history = new ArrayList<>(List.of(new StockReceived("mug", 1_000, NOW)));
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
        Stock oneByOne = StockDecider.DECIDER.initial();
        for (StockEvent event : history) {
            oneByOne = StockDecider.DECIDER.evolve(oneByOne, event);
        }
        Stock atOnce = given(history).state();
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
    void aReceiptOfTheBoundedQuantityIsTaken() {
        given().when(new ReceiveStock("mug", StockDecider.MAX_RECEIPT))
                .then(new StockReceived("mug", StockDecider.MAX_RECEIPT, NOW));
    }

    @Test
    void aReceiptPastTheBoundedQuantityIsRefused() {
        given().when(new ReceiveStock("mug", StockDecider.MAX_RECEIPT + 1)).thenBreaks(StockRule.RECEIPT_TOO_LARGE);
    }

    private static List<StockEvent> fullReceipts() {
        StockEvent[] receipts = new StockEvent[(int) (StockDecider.MAX_ON_HAND / StockDecider.MAX_RECEIPT)];
        Arrays.fill(receipts, new StockReceived("mug", StockDecider.MAX_RECEIPT, NOW));
        return List.of(receipts);
    }

    @Test
    void aSkuHoldsTheBoundOnHand() {
        Stock.Tracked full = tracked(given(fullReceipts()));
        assertThat(full.onHand()).isEqualTo(StockDecider.MAX_ON_HAND);
        assertThat(full.available()).isEqualTo(StockDecider.MAX_ON_HAND);
    }

    @Test
    void aReceiptPastTheBoundOnHandIsRefused() {
        given(fullReceipts()).when(new ReceiveStock("mug", 1)).thenBreaks(StockRule.TOO_MUCH_ON_HAND);
    }

    @Test
    void levelsPastIntsRangeStayExact() {
        // 2 148 receipts of 10^6 once wrapped onHand negative.
        List<StockEvent> past = new ArrayList<>(List.of(new StockReceived("mug", 1, NOW)));
        for (int receipt = 0; receipt < 2_148; receipt++) {
            past.add(new StockReceived("mug", StockDecider.MAX_RECEIPT, NOW));
        }
        assertThat(tracked(given(past)).onHand()).isEqualTo(2_148L * StockDecider.MAX_RECEIPT + 1);
    }

    private static List<StockEvent> concat(List<StockEvent> first, StockEvent... more) {
        List<StockEvent> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }
}
