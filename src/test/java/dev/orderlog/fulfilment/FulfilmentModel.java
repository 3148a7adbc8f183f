package dev.orderlog.fulfilment;

import dev.orderlog.order.Money;
import dev.orderlog.order.Order;
import dev.orderlog.order.OrderCommand;
import dev.orderlog.order.OrderDecider;
import dev.orderlog.order.OrderEvent;
import dev.orderlog.order.ShippingAddress;
import dev.orderlog.platform.command.RuleViolation;
import dev.orderlog.stock.Stock;
import dev.orderlog.stock.StockCommand;
import dev.orderlog.stock.StockDecider;
import dev.orderlog.stock.StockEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One order's world in memory, run on the real deciders: the order, the stock of its SKUs, a payment provider with a
 * ledger, the fulfilment instance, the subscription's deliveries (redelivered and reordered at will) and the webhooks.
 * Each {@link Move} is one actor acting; the steps are sent as {@code FulfilmentProcess} sends them (idempotent keys,
 * the order deciding races), so a history of moves is a history the service could live through.
 */
final class FulfilmentModel {
    static final Duration PAYMENT_TIMEOUT = Duration.ofMinutes(15);
    static final Duration SHIPMENT_TIMEOUT = Duration.ofDays(3);
    static final String ORDER_ID = "o-1";
    static final Map<String, Integer> LINES = Map.of("mug", 2, "pen", 1);
    static final long UNIT_PRICE = 1_000;
    static final long TOTAL = UNIT_PRICE * 3;
    private static final FulfilmentDecider DECIDER = new FulfilmentDecider(PAYMENT_TIMEOUT, SHIPMENT_TIMEOUT);

    /** What an actor does next. */
    sealed interface Move {
        /** The process sends its next step; with {@code crash}, the step takes effect but its result is never recorded. */
        record Drive(boolean crash) implements Move {}

        /**
         * Another replica's drive: with {@code choose}, it picks the step the instance calls for now; otherwise it sends
         * the step it picked earlier, however the instance has moved on since, and records the answer.
         */
        record StaleDrive(boolean choose) implements Move {}

        /** The subscription delivers (again, or out of order) one of the order's or stock's events. */
        record Deliver(int which) implements Move {}

        /** The provider sends (again, or out of order) one of its webhooks. */
        record Webhook(int which) implements Move {}

        record CustomerCancels() implements Move {}

        /** With {@code crash}, the order accepts the shipment and the answer is lost before the instance records it. */
        record WarehouseShips(String trackingNumber, boolean crash) implements Move {}

        record ProviderCharges(ChargeMode mode) implements Move {}

        record ProviderRefunds(boolean approve) implements Move {}

        /** The provider settles a pending charge and sends its webhook. */
        record ProviderSettlesPending(boolean approve) implements Move {}

        /** The clock passes the deadline the instance waits on, and the poller fires it (also a stale one). */
        record ClockPasses(Deadline.Kind kind) implements Move {}

        record OperatorRetries() implements Move {}

        /** Staff confirm the payment on the order by hand ({@code POST /orders/{id}/payment}), beside the process. */
        record PaysByHand() implements Move {}

        /** Staff ship the order by hand ({@code POST /orders/{id}/ship}); the process hears of it from the subscription. */
        record ShipsByHand(String trackingNumber) implements Move {}

        record OperatorResolves() implements Move {}
    }

    enum ChargeMode {
        APPROVE,
        DECLINE,
        PENDING,
        AWAY
    }

    /** The provider's own ledger: charges by idempotency key, refunds by key. */
    record Charge(String id, String status) {}

    /** A step another replica picked and has not sent yet. */
    private record Chosen(Job job, Step step) {}

    private Optional<Chosen> chosen = Optional.empty();
    private boolean tookOverByHand;
    private Order order = OrderDecider.initial();
    private final List<OrderEvent> orderEvents = new ArrayList<>();
    private final Map<String, Stock> stock = new LinkedHashMap<>();
    private final Map<String, List<StockEvent>> stockEvents = new HashMap<>();
    private final Map<String, Long> received = new HashMap<>();
    private Fulfilment fulfilment = DECIDER.initial();
    private final List<FulfilmentInput> deliverable = new ArrayList<>();
    private final List<FulfilmentInput> webhooks = new ArrayList<>();
    private final Map<String, Charge> charges = new LinkedHashMap<>();
    private final Map<String, String> refunds = new LinkedHashMap<>();
    private ChargeMode chargeMode = ChargeMode.APPROVE;
    private boolean refundsApproved = true;
    private Instant now = Instant.parse("2026-12-01T10:00:00Z");
    private final List<String> log = new ArrayList<>();

    FulfilmentModel(int mugsReceived, int pensReceived) {
        receive("mug", mugsReceived);
        receive("pen", pensReceived);
        onOrder(new OrderCommand.CreateOrder(ORDER_ID, "c-1", "EUR"));
        LINES.forEach(
                (sku, quantity) -> onOrder(new OrderCommand.AddLine(sku, quantity, new Money(UNIT_PRICE, "EUR"))));
        onOrder(new OrderCommand.PlaceOrder(new ShippingAddress("Ada", "1 Main St", "London", "N1 9GU", "GB")));
    }

    void apply(Move move) {
        log.add(move.toString());
        switch (move) {
            case Move.Drive drive -> drive(drive.crash());
            case Move.StaleDrive stale -> {
                if (stale.choose()) {
                    chosen = FulfilmentDecider.next(fulfilment)
                            .map(step -> new Chosen(FulfilmentDecider.jobOf(fulfilment), step));
                } else if (chosen.isPresent()) {
                    Optional<FulfilmentInput> result =
                            send(chosen.get().job(), chosen.get().step());
                    log.add("  stale replica sent " + chosen.get().step() + " -> "
                            + result.map(Object::toString).orElse("no answer"));
                    result.ifPresent(this::record);
                    chosen = Optional.empty();
                }
            }
            case Move.Deliver deliver -> {
                if (!deliverable.isEmpty()) {
                    record(deliverable.get(Math.floorMod(deliver.which(), deliverable.size())));
                }
            }
            case Move.Webhook webhook -> {
                if (!webhooks.isEmpty()) {
                    record(webhooks.get(Math.floorMod(webhook.which(), webhooks.size())));
                }
            }
            case Move.CustomerCancels cancels -> {
                try {
                    onOrder(new OrderCommand.CancelOrder("changed my mind"));
                } catch (RuleViolation refused) {
                    log.add("  customer refused: " + refused.getMessage());
                }
            }
            case Move.WarehouseShips ships -> warehouseShips(ships.trackingNumber(), ships.crash());
            case Move.ProviderCharges charges -> chargeMode = charges.mode();
            case Move.ProviderRefunds refunds -> refundsApproved = refunds.approve();
            case Move.ProviderSettlesPending settles -> settlePending(settles.approve());
            case Move.ClockPasses passes -> clockPasses(passes.kind());
            case Move.OperatorRetries retries -> operator(new FulfilmentInput.Operator.Retry("try again"));
            case Move.OperatorResolves resolves -> operator(new FulfilmentInput.Operator.Resolve("settled by hand"));
            case Move.PaysByHand pays ->
                byHand(new OrderCommand.ConfirmPayment(new Money(TOTAL, "EUR"), "paid-by-hand"));
            case Move.ShipsByHand ships -> byHand(new OrderCommand.ShipOrder(ships.trackingNumber()));
        }
    }

    /**
     * What the service does when left alone: a provider that was away comes back, every delivery and webhook arrives,
     * deadlines fire, the process runs dry.
     */
    void settle() {
        if (chargeMode == ChargeMode.AWAY) {
            chargeMode = ChargeMode.APPROVE;
        }
        for (int round = 0; round < 20; round++) {
            settlePending(true);
            new ArrayList<>(deliverable).forEach(this::record);
            new ArrayList<>(webhooks).forEach(this::record);
            for (int step = 0; step < 40 && FulfilmentDecider.next(fulfilment).isPresent(); step++) {
                drive(false);
            }
            FulfilmentDecider.deadline(fulfilment).ifPresent(deadline -> clockPasses(deadline.kind()));
        }
    }

    private void drive(boolean crash) {
        Optional<Step> step = FulfilmentDecider.next(fulfilment);
        if (step.isEmpty()) {
            return;
        }
        Job job = FulfilmentDecider.jobOf(fulfilment);
        Optional<FulfilmentInput> result = send(job, step.get());
        log.add("  sent " + step.get() + " -> " + result.map(Object::toString).orElse("no answer")
                + (crash ? " (lost in a crash)" : ""));
        if (!crash) {
            result.ifPresent(this::record);
        }
    }

    private Optional<FulfilmentInput> send(Job job, Step step) {
        return switch (step) {
            case Step.ReserveStock reserve -> {
                try {
                    onStock(reserve.sku(), new StockCommand.Reserve(reserve.sku(), job.orderId(), reserve.quantity()));
                    yield Optional.of(new FulfilmentInput.Stock.Reserved(reserve.sku()));
                } catch (RuleViolation refused) {
                    yield Optional.of(new FulfilmentInput.Stock.Unavailable(reserve.sku(), refused.getMessage()));
                }
            }
            case Step.CommitStock commit -> {
                onStock(commit.sku(), new StockCommand.Commit(commit.sku(), job.orderId()));
                yield Optional.of(new FulfilmentInput.Stock.Committed(commit.sku()));
            }
            case Step.ReleaseStock release -> {
                onStock(release.sku(), new StockCommand.Release(release.sku(), job.orderId()));
                yield Optional.of(new FulfilmentInput.Stock.Released(release.sku()));
            }
            case Step.ChargePayment charge -> charge();
            case Step.LookUpCharge lookUp -> {
                Charge found = charges.get("charge");
                if (chargeMode == ChargeMode.AWAY) {
                    yield Optional.empty();
                }
                yield found == null ? Optional.of(new FulfilmentInput.Payment.ChargeAbsent()) : outcomeOf(found);
            }
            case Step.RefundPayment refund -> {
                if (chargeMode == ChargeMode.AWAY) {
                    yield Optional.empty();
                }
                String outcome = refunds.computeIfAbsent(step.id(), key -> {
                    if (refundsApproved) {
                        webhooks.add(new FulfilmentInput.Payment.Refunded(refund.chargeId(), "re-" + key));
                        return "refunded:" + refund.chargeId();
                    }
                    return "refused";
                });
                yield Optional.of(
                        outcome.startsWith("refunded")
                                ? new FulfilmentInput.Payment.Refunded(refund.chargeId(), "re-" + step.id())
                                : new FulfilmentInput.Payment.RefundRefused(
                                        refund.chargeId(), refund.attempt(), "card closed"));
            }
            case Step.ConfirmPaymentOnOrder confirm ->
                Optional.of(
                        toOrder(new OrderCommand.ConfirmPayment(new Money(TOTAL, "EUR"), confirm.chargeId()), step));
            case Step.CancelOrder cancel -> Optional.of(toOrder(new OrderCommand.CancelOrder(cancel.reason()), step));
            case Step.ShipOrder ship -> Optional.of(toOrder(new OrderCommand.ShipOrder(ship.trackingNumber()), step));
        };
    }

    private Optional<FulfilmentInput> charge() {
        if (chargeMode == ChargeMode.AWAY) {
            return Optional.empty();
        }
        Charge charge = charges.computeIfAbsent("charge", key -> switch (chargeMode) {
            case APPROVE -> new Charge("ch-1", "approved");
            case DECLINE -> new Charge("ch-1", "declined");
            case PENDING, AWAY -> new Charge("ch-1", "pending");
        });
        return outcomeOf(charge);
    }

    private static Optional<FulfilmentInput> outcomeOf(Charge charge) {
        return switch (charge.status()) {
            case "approved" -> Optional.of(new FulfilmentInput.Payment.ChargeApproved(charge.id()));
            case "declined" -> Optional.of(new FulfilmentInput.Payment.ChargeDeclined("card declined"));
            default -> Optional.empty();
        };
    }

    private void settlePending(boolean approve) {
        Charge pending = charges.get("charge");
        if (pending != null && pending.status().equals("pending")) {
            charges.put("charge", new Charge(pending.id(), approve ? "approved" : "declined"));
            webhooks.add(
                    approve
                            ? new FulfilmentInput.Payment.ChargeApproved(pending.id())
                            : new FulfilmentInput.Payment.ChargeDeclined("card declined"));
        }
    }

    /** As {@code FulfilmentProcess.toOrder}: done already counts as done; a cancellation refused for a shipment is the shipment. */
    private FulfilmentInput toOrder(OrderCommand command, Step step) {
        try {
            onOrder(command);
            return switch (step) {
                case Step.CancelOrder cancel -> new FulfilmentInput.Order.Cancelled(cancel.reason());
                case Step.ShipOrder ship -> new FulfilmentInput.Order.Shipped(ship.trackingNumber());
                default -> new FulfilmentInput.Order.PaymentConfirmed();
            };
        } catch (RuleViolation refused) {
            return switch (order) {
                case Order.Paid paid
                when step instanceof Step.ConfirmPaymentOnOrder -> new FulfilmentInput.Order.PaymentConfirmed();
                case Order.Cancelled cancelled
                when step instanceof Step.CancelOrder cancel -> new FulfilmentInput.Order.Cancelled(cancel.reason());
                case Order.Shipped shipped ->
                    step instanceof Step.ConfirmPaymentOnOrder
                            ? new FulfilmentInput.Order.PaymentConfirmed()
                            : new FulfilmentInput.Order.Shipped(shipped.trackingNumber());
                default -> new FulfilmentInput.Order.Refused(step.id(), refused.getMessage());
            };
        }
    }

    /** As {@code FulfilmentProcess.confirmShipment}: the order first, then the instance. */
    private void warehouseShips(String trackingNumber, boolean crash) {
        boolean shippedHere = fulfilment instanceof Fulfilment.Shipping || fulfilment instanceof Fulfilment.Completed;
        if (!shippedHere) {
            try {
                onOrder(new OrderCommand.ShipOrder(trackingNumber));
            } catch (RuleViolation refused) {
                if (!(order instanceof Order.Shipped shipped
                        && shipped.trackingNumber().equals(trackingNumber))) {
                    log.add("  warehouse refused: " + refused.getMessage());
                    return;
                }
            }
        }
        if (!crash) {
            record(new FulfilmentInput.Order.Shipped(trackingNumber));
        }
    }

    private void clockPasses(Deadline.Kind kind) {
        Duration timeout = kind == Deadline.Kind.PAYMENT ? PAYMENT_TIMEOUT : SHIPMENT_TIMEOUT;
        now = now.plus(timeout).plusSeconds(1);
        Instant dueAt = FulfilmentDecider.deadline(fulfilment)
                .filter(deadline -> deadline.kind() == kind)
                .map(Deadline::dueAt)
                .orElse(now.minus(timeout));
        record(new FulfilmentInput.Clock.DeadlineReached(kind, dueAt));
    }

    private void byHand(OrderCommand command) {
        try {
            onOrder(command);
            tookOverByHand = true;
        } catch (RuleViolation refused) {
            log.add("  by hand refused: " + refused.getMessage());
        }
    }

    /** Whether staff acted on the order by hand, past the process: then only an operator can square the books. */
    boolean tookOverByHand() {
        return tookOverByHand;
    }

    private void operator(FulfilmentInput input) {
        record(input);
    }

    private void record(FulfilmentInput input) {
        try {
            List<FulfilmentEvent> events = DECIDER.decide(input, fulfilment, now);
            for (FulfilmentEvent event : events) {
                fulfilment = DECIDER.evolve(fulfilment, event);
            }
            if (!events.isEmpty()) {
                log.add("  recorded " + input + ": "
                        + events.stream()
                                .map(event -> event.getClass().getSimpleName())
                                .toList() + " -> " + fulfilment.phase());
            }
        } catch (FulfilmentRuleViolation refused) {
            log.add("  refused " + input + ": " + refused.getMessage());
        }
    }

    private void onOrder(OrderCommand command) {
        List<OrderEvent> events = OrderDecider.decide(command, order, now);
        for (OrderEvent event : events) {
            order = OrderDecider.evolve(order, event);
            orderEvents.add(event);
            // What the subscription hands the process (FulfilmentInbox).
            switch (event) {
                case OrderEvent.OrderPlaced placed ->
                    deliverable.add(new FulfilmentInput.Order.Placed(new Job(
                            ORDER_ID,
                            "c-1",
                            "EUR",
                            TOTAL,
                            LINES.entrySet().stream()
                                    .sorted(Map.Entry.comparingByKey())
                                    .map(line -> new Job.Line(line.getKey(), line.getValue()))
                                    .toList(),
                            "corr")));
                case OrderEvent.OrderCancelled cancelled ->
                    deliverable.add(new FulfilmentInput.Order.Cancelled(cancelled.reason()));
                case OrderEvent.OrderShipped shipped ->
                    deliverable.add(new FulfilmentInput.Order.Shipped(shipped.trackingNumber()));
                default -> {}
            }
        }
    }

    private void onStock(String sku, StockCommand command) {
        List<StockEvent> events = StockDecider.DECIDER.decide(command, stock.get(sku), now);
        for (StockEvent event : events) {
            stock.put(sku, StockDecider.DECIDER.evolve(stock.get(sku), event));
            stockEvents.computeIfAbsent(sku, key -> new ArrayList<>()).add(event);
            if (event instanceof StockEvent.StockReserved reserved) {
                deliverable.add(new FulfilmentInput.Stock.Reserved(reserved.sku()));
            }
        }
    }

    private void receive(String sku, int quantity) {
        stock.put(sku, StockDecider.DECIDER.initial());
        received.put(sku, (long) quantity);
        if (quantity > 0) {
            onStock(sku, new StockCommand.ReceiveStock(sku, quantity));
        }
    }

    Fulfilment fulfilment() {
        return fulfilment;
    }

    Order order() {
        return order;
    }

    long received(String sku) {
        return received.get(sku);
    }

    Stock.Tracked stock(String sku) {
        return stock.get(sku) instanceof Stock.Tracked tracked ? tracked : Stock.Tracked.empty(sku);
    }

    /** The order's reservation of {@code sku}: how often it was reserved, committed and released. */
    long count(String sku, Class<? extends StockEvent> type) {
        return stockEvents.getOrDefault(sku, List.of()).stream()
                .filter(type::isInstance)
                .count();
    }

    long committedUnits(String sku) {
        return stockEvents.getOrDefault(sku, List.of()).stream()
                .mapToLong(
                        event -> event instanceof StockEvent.ReservationCommitted committed ? committed.quantity() : 0)
                .sum();
    }

    /** What the customer paid net: approved charges less refunds, in minor units. */
    long netCharged() {
        long charged = charges.values().stream()
                        .filter(charge -> charge.status().equals("approved"))
                        .count()
                * TOTAL;
        long refunded = refunds.values().stream()
                        .filter(outcome -> outcome.startsWith("refunded"))
                        .count()
                * TOTAL;
        return charged - refunded;
    }

    boolean refundRefused() {
        return refunds.containsValue("refused");
    }

    String history() {
        return String.join("\n", log);
    }
}
