package dev.orderlog.stock;

import dev.orderlog.platform.command.Decider;
import dev.orderlog.stock.Stock.Tracked;
import dev.orderlog.stock.Stock.Unknown;
import dev.orderlog.stock.StockCommand.Commit;
import dev.orderlog.stock.StockCommand.ReceiveStock;
import dev.orderlog.stock.StockCommand.Release;
import dev.orderlog.stock.StockCommand.Reserve;
import dev.orderlog.stock.StockEvent.ReservationCommitted;
import dev.orderlog.stock.StockEvent.ReservationReleased;
import dev.orderlog.stock.StockEvent.StockReceived;
import dev.orderlog.stock.StockEvent.StockReserved;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A SKU's stock rules as pure functions: nothing is reserved beyond what is available, so available never goes negative;
 * reserving, releasing and committing are idempotent per order, also after the reservation was settled.
 */
public final class StockDecider {
    /** Units in one receipt. */
    public static final int MAX_RECEIPT = 1_000_000;
    /** Units on hand of one SKU: a thousand full receipts; far inside a long, so sums are exact and the bound refuses. */
    public static final long MAX_ON_HAND = 1_000_000_000L;
    public static final Decider<StockCommand, Stock, StockEvent> DECIDER = new Decider<>() {
        @Override
        public Stock initial() {
            return new Unknown();
        }

        @Override
        public List<StockEvent> decide(StockCommand command, Stock state, Instant now) {
            return StockDecider.decide(command, state, now);
        }

        @Override
        public Stock evolve(Stock state, StockEvent event) {
            return StockDecider.evolve(state, event);
        }
    };

    private StockDecider() {
    }

    static List<StockEvent> decide(StockCommand command, Stock state, Instant now) {
        Tracked stock = state instanceof Tracked tracked ? tracked : new Tracked(skuOf(command), 0, Map.of(), Set.of());
        return switch (command) {
            case ReceiveStock receive -> {
                positive(receive.quantity());
                if (receive.quantity() > MAX_RECEIPT) {
                    throw new StockRule(StockRule.Rule.RECEIPT_TOO_LARGE, "A receipt of " + receive.quantity() + " is over " + MAX_RECEIPT);
                }
                if (Math.addExact(stock.onHand(), receive.quantity()) > MAX_ON_HAND) {
                    throw new StockRule(StockRule.Rule.TOO_MUCH_ON_HAND, receive.sku() + " has " + stock.onHand() + " on hand; "
                            + receive.quantity() + " more would be over " + MAX_ON_HAND);
                }
                yield List.of(new StockReceived(receive.sku(), receive.quantity(), now));
            }
            case Reserve reserve -> {
                positive(reserve.quantity());
                if (stock.reservations().containsKey(reserve.orderId()) || stock.settled().contains(reserve.orderId())) {
                    yield List.of();
                }
                if (reserve.quantity() > stock.available()) {
                    throw new StockRule(StockRule.Rule.INSUFFICIENT_STOCK, reserve.quantity() + " of " + reserve.sku() + " wanted, "
                            + stock.available() + " available");
                }
                yield List.of(new StockReserved(reserve.sku(), reserve.orderId(), reserve.quantity()));
            }
            case Release release -> held(stock, release.orderId()) == 0 ? List.of()
                    : List.of(new ReservationReleased(release.sku(), release.orderId(), held(stock, release.orderId())));
            case Commit commit -> held(stock, commit.orderId()) == 0 ? List.of()
                    : List.of(new ReservationCommitted(commit.sku(), commit.orderId(), held(stock, commit.orderId())));
        };
    }

    static Stock evolve(Stock state, StockEvent event) {
        Tracked stock = state instanceof Tracked tracked ? tracked : new Tracked(skuOf(event), 0, Map.of(), Set.of());
        Map<String, Integer> reservations = new HashMap<>(stock.reservations());
        Set<String> settled = new HashSet<>(stock.settled());
        return switch (event) {
            case StockReceived received -> new Tracked(stock.sku(), Math.addExact(stock.onHand(), received.quantity()), reservations, settled);
            case StockReserved reserved -> {
                reservations.put(reserved.orderId(), reserved.quantity());
                yield new Tracked(stock.sku(), stock.onHand(), reservations, settled);
            }
            case ReservationReleased released -> {
                reservations.remove(released.orderId());
                settled.add(released.orderId());
                yield new Tracked(stock.sku(), stock.onHand(), reservations, settled);
            }
            case ReservationCommitted committed -> {
                reservations.remove(committed.orderId());
                settled.add(committed.orderId());
                yield new Tracked(stock.sku(), Math.subtractExact(stock.onHand(), committed.quantity()), reservations, settled);
            }
        };
    }

    private static int held(Tracked stock, String orderId) {
        return stock.reservations().getOrDefault(orderId, 0);
    }

    private static void positive(int quantity) {
        if (quantity <= 0) {
            throw new StockRule(StockRule.Rule.QUANTITY_MUST_BE_POSITIVE, "Quantity " + quantity + " is not positive");
        }
    }

    private static String skuOf(StockCommand command) {
        return switch (command) {
            case ReceiveStock receive -> receive.sku();
            case Reserve reserve -> reserve.sku();
            case Release release -> release.sku();
            case Commit commit -> commit.sku();
        };
    }

    private static String skuOf(StockEvent event) {
        return switch (event) {
            case StockReceived received -> received.sku();
            case StockReserved reserved -> reserved.sku();
            case ReservationReleased released -> released.sku();
            case ReservationCommitted committed -> committed.sku();
        };
    }
}
