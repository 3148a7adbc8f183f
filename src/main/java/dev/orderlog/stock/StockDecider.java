package dev.orderlog.stock;

import dev.orderlog.platform.command.Decider;
import dev.orderlog.stock.Stock.Tracked;
import dev.orderlog.stock.Stock.Unknown;
import dev.orderlog.stock.StockCommand.Commit;
import dev.orderlog.stock.StockCommand.CorrectCount;
import dev.orderlog.stock.StockCommand.ReceiveStock;
import dev.orderlog.stock.StockCommand.Release;
import dev.orderlog.stock.StockCommand.Reserve;
import dev.orderlog.stock.StockEvent.ReservationCommitted;
import dev.orderlog.stock.StockEvent.ReservationReleased;
import dev.orderlog.stock.StockEvent.StockCounted;
import dev.orderlog.stock.StockEvent.StockReceived;
import dev.orderlog.stock.StockEvent.StockReserved;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A SKU's stock rules as pure functions: nothing is reserved beyond what is available, so available never goes negative;
 * reserving, releasing and committing are idempotent per order, also after the reservation was settled.
 */
public final class StockDecider {
    /** Units in one receipt. */
    public static final int MAX_RECEIPT = 1_000_000;
    /** Units on hand of one SKU: a thousand full receipts; far inside a long, so sums are exact and the bound refuses. */
    public static final long MAX_ON_HAND = 1_000_000_000L;

    public static final Decider<StockCommand, Stock, StockEvent> DECIDER =
            Decider.of(Unknown::new, StockDecider::decide, StockDecider::evolve, StockDecider::evolveAll);

    private StockDecider() {}

    static List<StockEvent> decide(StockCommand command, Stock state, Instant now) {
        Tracked stock = state instanceof Tracked tracked ? tracked : Tracked.empty(skuOf(command));
        return switch (command) {
            case ReceiveStock receive -> {
                positive(receive.quantity());
                if (receive.quantity() > MAX_RECEIPT) {
                    throw new StockRuleViolation(
                            StockRule.RECEIPT_TOO_LARGE,
                            "A receipt of " + receive.quantity() + " is over " + MAX_RECEIPT);
                }
                if (Math.addExact(stock.onHand(), receive.quantity()) > MAX_ON_HAND) {
                    throw new StockRuleViolation(
                            StockRule.TOO_MUCH_ON_HAND,
                            receive.sku() + " has " + stock.onHand() + " on hand; " + receive.quantity()
                                    + " more would be over " + MAX_ON_HAND);
                }
                yield List.of(new StockReceived(receive.sku(), receive.quantity(), now));
            }
            case Reserve reserve -> {
                positive(reserve.quantity());
                if (stock.reservations().containsKey(reserve.orderId())
                        || stock.settled().containsKey(reserve.orderId())) {
                    yield List.of();
                }
                if (reserve.quantity() > stock.available()) {
                    throw new StockRuleViolation(
                            StockRule.INSUFFICIENT_STOCK,
                            reserve.quantity() + " of " + reserve.sku() + " wanted, " + stock.available()
                                    + " available");
                }
                yield List.of(new StockReserved(reserve.sku(), reserve.orderId(), reserve.quantity()));
            }
            case Release release ->
                held(stock, release.orderId()) == 0
                        ? List.of()
                        : List.of(new ReservationReleased(
                                release.sku(), release.orderId(), held(stock, release.orderId()), now));
            case CorrectCount count -> {
                if (count.counted() < 0) {
                    throw new StockRuleViolation(StockRule.COUNT_NEGATIVE, "A count of " + count.counted());
                }
                if (count.counted() > MAX_ON_HAND) {
                    throw new StockRuleViolation(
                            StockRule.TOO_MUCH_ON_HAND, "A count of " + count.counted() + " is over " + MAX_ON_HAND);
                }
                if (count.counted() < stock.reserved()) {
                    throw new StockRuleViolation(
                            StockRule.COUNT_BELOW_RESERVED,
                            count.sku() + " has " + stock.reserved() + " reserved by orders; a count of "
                                    + count.counted() + " would leave them short: release or cancel them first");
                }
                yield count.counted() == stock.onHand()
                        ? List.of()
                        : List.of(new StockCounted(count.sku(), count.counted(), stock.onHand(), count.reason(), now));
            }
            case Commit commit ->
                held(stock, commit.orderId()) == 0
                        ? List.of()
                        : List.of(new ReservationCommitted(
                                commit.sku(), commit.orderId(), held(stock, commit.orderId()), now));
        };
    }

    static Stock evolve(Stock state, StockEvent event) {
        return evolveAll(state, List.of(event));
    }

    /** Copies the state's maps once for all the events, rather than once an event: a hot SKU loads in linear time. */
    static Stock evolveAll(Stock state, List<StockEvent> events) {
        if (events.isEmpty()) {
            return state;
        }
        Fold fold = new Fold(state instanceof Tracked tracked ? tracked : Tracked.empty(skuOf(events.getFirst())));
        events.forEach(fold::apply);
        return fold.result();
    }

    /** The time of a settlement recorded before settlements had one, until a dated one dates it. */
    private static final Instant UNDATED = Instant.EPOCH;

    /** A state being built: changed in place here, and frozen into a {@link Tracked} once. */
    private static final class Fold {
        private final String sku;
        private long onHand;
        private long reserved;
        private final Map<String, Integer> reservations;
        private final LinkedHashMap<String, Instant> settled;
        /** The newest settlement time among those kept. */
        private Instant newest;

        Fold(Tracked from) {
            this.sku = from.sku();
            this.onHand = from.onHand();
            this.reserved = from.reserved();
            this.reservations = new HashMap<>(from.reservations());
            this.settled = new LinkedHashMap<>(from.settled());
            this.newest = settled.values().stream().max(Instant::compareTo).orElse(UNDATED);
        }

        void apply(StockEvent event) {
            switch (event) {
                case StockReceived received -> onHand = Math.addExact(onHand, received.quantity());
                case StockReserved reservation -> {
                    Integer before = reservations.put(reservation.orderId(), reservation.quantity());
                    reserved = Math.addExact(reserved, reservation.quantity() - (before == null ? 0 : before));
                }
                case ReservationReleased released -> settle(released.orderId(), released.settledAt());
                case StockCounted counted -> onHand = counted.counted();
                case ReservationCommitted committed -> {
                    settle(committed.orderId(), committed.settledAt());
                    onHand = Math.subtractExact(onHand, committed.quantity());
                }
            }
        }

        /**
         * Records the settlement and forgets those settled more than the kept time before the newest one. Times come
         * from the replicas' clocks; the one just settled is never forgotten at once, whatever its replica's clock says.
         * A settlement recorded before they had a time is dated by the first dated one that follows it.
         */
        private void settle(String orderId, Instant settledAt) {
            Integer held = reservations.remove(orderId);
            reserved = Math.subtractExact(reserved, held == null ? 0 : held);
            settled.remove(orderId);
            settled.put(orderId, settledAt == null ? UNDATED : settledAt);
            if (settledAt == null) {
                return;
            }
            newest = newest.isAfter(settledAt) ? newest : settledAt;
            Instant forgetBefore = newest.minus(Tracked.SETTLED_KEPT);
            // Oldest first, so aging stops at the first one still kept.
            Iterator<Map.Entry<String, Instant>> oldest = settled.entrySet().iterator();
            while (oldest.hasNext()) {
                Map.Entry<String, Instant> entry = oldest.next();
                if (entry.getKey().equals(orderId)) {
                    break;
                }
                if (entry.getValue().equals(UNDATED)) {
                    entry.setValue(settledAt);
                } else if (entry.getValue().isBefore(forgetBefore)) {
                    oldest.remove();
                } else {
                    break;
                }
            }
        }

        Tracked result() {
            return new Tracked(sku, onHand, reserved, reservations, settled);
        }
    }

    private static int held(Tracked stock, String orderId) {
        return stock.reservations().getOrDefault(orderId, 0);
    }

    private static void positive(int quantity) {
        if (quantity <= 0) {
            throw new StockRuleViolation(
                    StockRule.QUANTITY_MUST_BE_POSITIVE, "Quantity " + quantity + " is not positive");
        }
    }

    private static String skuOf(StockCommand command) {
        return switch (command) {
            case ReceiveStock receive -> receive.sku();
            case Reserve reserve -> reserve.sku();
            case Release release -> release.sku();
            case Commit commit -> commit.sku();
            case CorrectCount count -> count.sku();
        };
    }

    private static String skuOf(StockEvent event) {
        return switch (event) {
            case StockReceived received -> received.sku();
            case StockReserved reserved -> reserved.sku();
            case ReservationReleased released -> released.sku();
            case ReservationCommitted committed -> committed.sku();
            case StockCounted counted -> counted.sku();
        };
    }
}
