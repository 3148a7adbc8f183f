package dev.orderlog.order;

import dev.orderlog.order.Order.Cancelled;
import dev.orderlog.order.Order.Delivered;
import dev.orderlog.order.Order.Details;
import dev.orderlog.order.Order.Draft;
import dev.orderlog.order.Order.None;
import dev.orderlog.order.Order.Paid;
import dev.orderlog.order.Order.Placed;
import dev.orderlog.order.Order.Shipped;
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
import dev.orderlog.platform.command.Decider;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The order's rules as pure functions: no I/O, no clock of its own. */
public final class OrderDecider {
    public static final int MAX_LINES = 50;
    /** Units on one line. */
    public static final int MAX_QUANTITY = 10_000;
    /** A unit price in minor units: ten million in the major unit. */
    public static final long MAX_UNIT_PRICE_MINOR = 1_000_000_000L;
    /**
     * An order's total in minor units: ten billion in the major unit. Lines could reach at most 50 x 10 000 x 10^9 =
     * 5 x 10^14, far inside a long (9.2 x 10^18), so every sum below is exact and the bound is what refuses.
     */
    public static final long MAX_TOTAL_MINOR = 1_000_000_000_000L;
    /** What a missing order is answered with; someone else's order is answered the same, so ids cannot be probed. */
    public static final String NO_SUCH_ORDER = "No such order";

    /** These functions in the shape the command pipeline runs. */
    public static final Decider<OrderCommand, Order, OrderEvent> DECIDER =
            Decider.of(OrderDecider::initial, OrderDecider::decide, OrderDecider::evolve);

    private OrderDecider() {}

    public static Order initial() {
        return new None();
    }

    public static List<OrderEvent> decide(OrderCommand command, Order state, Instant now) {
        if (!(command instanceof CreateOrder) && state instanceof None) {
            throw new OrderRuleViolation(OrderRule.ORDER_NOT_FOUND, NO_SUCH_ORDER);
        }
        return switch (command) {
            case CreateOrder create -> create(create, state, now);
            case AddLine add -> List.of(addLine(add, draft(state)));
            case ChangeLineQuantity change -> List.of(changeQuantity(change, draft(state)));
            case RemoveLine remove -> List.of(removeLine(remove, draft(state)));
            case PlaceOrder place -> List.of(place(place, draft(state), now));
            case ConfirmPayment pay -> List.of(pay(pay, state, now));
            case ShipOrder ship -> {
                if (!(state instanceof Paid)) {
                    throw new OrderRuleViolation(OrderRule.NOT_PAID, "The order is " + OrderStatus.of(state));
                }
                yield List.of(new OrderShipped(ship.trackingNumber(), now, ship.carrier()));
            }
            case DeliverOrder deliver -> {
                if (!(state instanceof Shipped)) {
                    throw new OrderRuleViolation(OrderRule.NOT_SHIPPED, "The order is " + OrderStatus.of(state));
                }
                yield List.of(new OrderDelivered(now));
            }
            case CancelOrder cancel -> List.of(cancel(cancel, state, now));
        };
    }

    public static Order evolve(Order state, OrderEvent event) {
        return switch (event) {
            case OrderCreated created ->
                new Draft(created.orderId(), created.customerId(), created.currency(), List.of());
            case LineAdded added -> {
                Draft draft = (Draft) state;
                List<OrderLine> lines = new ArrayList<>(draft.lines());
                lines.add(new OrderLine(
                        added.sku(), added.quantity(), new Money(added.unitPriceMinor(), draft.currency())));
                yield new Draft(draft.id(), draft.customerId(), draft.currency(), List.copyOf(lines));
            }
            case LineQuantityChanged changed -> {
                Draft draft = (Draft) state;
                List<OrderLine> lines = draft.lines().stream()
                        .map(line -> line.sku().equals(changed.sku()) ? line.withQuantity(changed.quantity()) : line)
                        .toList();
                yield new Draft(draft.id(), draft.customerId(), draft.currency(), lines);
            }
            case LineRemoved removed -> {
                Draft draft = (Draft) state;
                yield new Draft(
                        draft.id(),
                        draft.customerId(),
                        draft.currency(),
                        draft.lines().stream()
                                .filter(line -> !line.sku().equals(removed.sku()))
                                .toList());
            }
            case OrderPlaced placed -> {
                Draft draft = (Draft) state;
                yield new Placed(new Details(
                        draft.id(),
                        draft.customerId(),
                        draft.currency(),
                        draft.lines(),
                        new Money(placed.totalMinor(), draft.currency()),
                        placed.shippingAddress()));
            }
            case PaymentConfirmed paid -> new Paid(((Placed) state).details(), paid.paymentReference());
            case OrderShipped shipped -> {
                Paid paid = (Paid) state;
                yield new Shipped(paid.details(), paid.paymentReference(), shipped.trackingNumber());
            }
            case OrderDelivered delivered -> {
                Shipped shipped = (Shipped) state;
                yield new Delivered(shipped.details(), shipped.paymentReference(), shipped.trackingNumber());
            }
            case OrderCancelled cancelled -> cancelledFrom(state, cancelled);
        };
    }

    public static Order fold(Order state, List<OrderEvent> events) {
        Order current = state;
        for (OrderEvent event : events) {
            current = evolve(current, event);
        }
        return current;
    }

    private static List<OrderEvent> create(CreateOrder create, Order state, Instant now) {
        if (!(state instanceof None)) {
            throw new OrderRuleViolation(
                    OrderRule.ORDER_ALREADY_EXISTS, "Order " + create.orderId() + " already exists");
        }
        return List.of(new OrderCreated(create.orderId(), create.customerId(), create.currency(), now));
    }

    private static OrderEvent addLine(AddLine add, Draft draft) {
        requireQuantityInRange(add.quantity());
        if (add.unitPrice().amountMinor() < 0) {
            throw new OrderRuleViolation(
                    OrderRule.PRICE_MUST_NOT_BE_NEGATIVE,
                    "Unit price " + add.unitPrice().amountMinor());
        }
        if (add.unitPrice().amountMinor() > MAX_UNIT_PRICE_MINOR) {
            throw new OrderRuleViolation(
                    OrderRule.PRICE_TOO_LARGE,
                    "Unit price " + add.unitPrice().amountMinor() + " is over " + MAX_UNIT_PRICE_MINOR);
        }
        if (!add.unitPrice().currency().equals(draft.currency())) {
            throw new OrderRuleViolation(
                    OrderRule.ONE_CURRENCY_PER_ORDER,
                    "The order is in " + draft.currency() + ", the price in "
                            + add.unitPrice().currency());
        }
        if (findLine(draft, add.sku()) != null) {
            throw new OrderRuleViolation(
                    OrderRule.LINE_ALREADY_EXISTS, "SKU " + add.sku() + " is already on the order");
        }
        if (draft.lines().size() >= MAX_LINES) {
            throw new OrderRuleViolation(
                    OrderRule.TOO_MANY_LINES,
                    "The order already has " + draft.lines().size() + " lines");
        }
        requireTotalInRange(draft.total().plus(add.unitPrice().times(add.quantity())));
        return new LineAdded(add.sku(), add.quantity(), add.unitPrice().amountMinor());
    }

    private static OrderEvent changeQuantity(ChangeLineQuantity change, Draft draft) {
        requireQuantityInRange(change.quantity());
        OrderLine line = requireLine(draft, change.sku());
        requireTotalInRange(draft.total().plus(line.unitPrice().times((long) change.quantity() - line.quantity())));
        return new LineQuantityChanged(change.sku(), change.quantity());
    }

    private static OrderEvent removeLine(RemoveLine remove, Draft draft) {
        requireLine(draft, remove.sku());
        return new LineRemoved(remove.sku());
    }

    private static OrderEvent place(PlaceOrder place, Draft draft, Instant now) {
        if (draft.lines().isEmpty()) {
            throw new OrderRuleViolation(OrderRule.CANNOT_PLACE_EMPTY_ORDER, "The order has no lines");
        }
        return new OrderPlaced(place.shippingAddress(), draft.total().amountMinor(), now);
    }

    private static OrderEvent pay(ConfirmPayment pay, Order state, Instant now) {
        if (!(state instanceof Placed placed)) {
            throw new OrderRuleViolation(OrderRule.NOT_PLACED, "The order is " + OrderStatus.of(state));
        }
        Money total = placed.details().total();
        if (!pay.amount().currency().equals(total.currency())) {
            throw new OrderRuleViolation(
                    OrderRule.ONE_CURRENCY_PER_ORDER,
                    "The order is in " + total.currency() + ", the payment in "
                            + pay.amount().currency());
        }
        if (pay.amount().amountMinor() != total.amountMinor()) {
            throw new OrderRuleViolation(
                    OrderRule.PAYMENT_MUST_EQUAL_TOTAL,
                    "The total is " + total.amountMinor() + ", the payment "
                            + pay.amount().amountMinor());
        }
        return new PaymentConfirmed(pay.amount().amountMinor(), pay.paymentReference(), now);
    }

    private static OrderEvent cancel(CancelOrder cancel, Order state, Instant now) {
        long refund = switch (state) {
            case Draft draft -> 0;
            case Placed placed -> 0;
            case Paid paid -> paid.details().total().amountMinor();
            case None none -> throw new OrderRuleViolation(OrderRule.ORDER_NOT_FOUND, NO_SUCH_ORDER);
            case Shipped shipped ->
                throw new OrderRuleViolation(OrderRule.NO_CANCEL_AFTER_SHIPPING, "The order is shipped");
            case Delivered delivered ->
                throw new OrderRuleViolation(OrderRule.NO_CANCEL_AFTER_SHIPPING, "The order is delivered");
            case Cancelled cancelled ->
                throw new OrderRuleViolation(OrderRule.NO_CANCEL_AFTER_SHIPPING, "The order is already cancelled");
        };
        return new OrderCancelled(cancel.reason(), refund, now);
    }

    private static Order cancelledFrom(Order state, OrderCancelled cancelled) {
        return switch (state) {
            case Draft d ->
                new Cancelled(
                        d.id(), d.customerId(), d.currency(), d.lines(), cancelled.reason(), Money.zero(d.currency()));
            case Placed p -> cancelledDetails(p.details(), cancelled);
            case Paid p -> cancelledDetails(p.details(), cancelled);
            default -> throw new IllegalStateException("OrderCancelled cannot follow " + OrderStatus.of(state));
        };
    }

    private static Cancelled cancelledDetails(Details d, OrderCancelled cancelled) {
        return new Cancelled(
                d.id(),
                d.customerId(),
                d.currency(),
                d.lines(),
                cancelled.reason(),
                new Money(cancelled.refundMinor(), d.currency()));
    }

    private static Draft draft(Order state) {
        if (state instanceof Draft draft) {
            return draft;
        }
        throw new OrderRuleViolation(OrderRule.NO_EDITS_AFTER_PLACING, "The order is " + OrderStatus.of(state));
    }

    private static void requireQuantityInRange(int quantity) {
        if (quantity <= 0) {
            throw new OrderRuleViolation(OrderRule.QUANTITY_MUST_BE_POSITIVE, "Quantity " + quantity);
        }
        if (quantity > MAX_QUANTITY) {
            throw new OrderRuleViolation(
                    OrderRule.QUANTITY_TOO_LARGE, "Quantity " + quantity + " is over " + MAX_QUANTITY);
        }
    }

    /** Checked before the line's event is appended, so no stored order can have a total past the bound. */
    private static void requireTotalInRange(Money total) {
        if (total.amountMinor() > MAX_TOTAL_MINOR) {
            throw new OrderRuleViolation(
                    OrderRule.TOTAL_TOO_LARGE,
                    "The total would be " + total.amountMinor() + ", over " + MAX_TOTAL_MINOR);
        }
    }

    private static OrderLine requireLine(Draft draft, String sku) {
        OrderLine line = findLine(draft, sku);
        if (line == null) {
            throw new OrderRuleViolation(OrderRule.LINE_NOT_FOUND, "SKU " + sku + " is not on the order");
        }
        return line;
    }

    private static OrderLine findLine(Draft draft, String sku) {
        return draft.lines().stream()
                .filter(line -> line.sku().equals(sku))
                .findFirst()
                .orElse(null);
    }
}
