package dev.orderlog.fulfilment.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.fulfilment.Fulfilment;
import dev.orderlog.fulfilment.FulfilmentDecider;
import dev.orderlog.fulfilment.Fulfilments;
import dev.orderlog.fulfilment.Shipment;
import dev.orderlog.fulfilment.process.FulfilmentProcess;
import dev.orderlog.order.Order;
import dev.orderlog.order.OrderEvent;
import dev.orderlog.order.OrderStatus;
import dev.orderlog.order.Orders;
import dev.orderlog.platform.web.Caller;
import dev.orderlog.platform.web.Ids;
import dev.orderlog.platform.web.PrintableText;
import dev.orderlog.platform.web.RequestMetadata;
import dev.orderlog.platform.web.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** An order's fulfilment: its steps for the customer and staff; the warehouse confirms the shipment here. */
@Path("/orders/{id}/fulfilment")
@Produces(MediaType.APPLICATION_JSON)
public class FulfilmentResource {

    public record ShipmentConfirmation(
            @NotBlank @Size(max = 100) @Pattern(regexp = PrintableText.ONE_LINE, message = PrintableText.MESSAGE)
            String trackingNumber,

            @Size(max = 100)
            @Pattern(regexp = "(?=.*\\S)" + PrintableText.ONE_LINE, message = "must be printable text, not blank")
            String carrier) {}

    private final Fulfilments fulfilments;
    private final Orders orders;
    private final FulfilmentProcess process;
    private final Caller caller;
    private final RequestMetadata request;
    private final ObjectMapper json;

    public FulfilmentResource(
            Fulfilments fulfilments,
            Orders orders,
            FulfilmentProcess process,
            Caller caller,
            RequestMetadata request,
            ObjectMapper json) {
        this.fulfilments = fulfilments;
        this.orders = orders;
        this.process = process;
        this.caller = caller;
        this.request = request;
        this.json = json;
    }

    /**
     * The fulfilment's stage and steps. A placed order whose process has not recorded its first step yet answers
     * {@code "phase": "starting"}, so a client polling right after placing can tell "not yet" from "never"; an order
     * that is not placed (a draft, or cancelled before it was placed) has no fulfilment and answers 404, like an unknown one.
     */
    @GET
    @RolesAllowed({Roles.CUSTOMER, Roles.WAREHOUSE, Roles.ADMIN})
    public FulfilmentView fulfilment(@PathParam("id") @Pattern(regexp = Ids.PATTERN) String id) {
        Fulfilment state = fulfilments.current(id).state();
        if (state instanceof Fulfilment.NotStarted) {
            Order order = orders.current(id).state();
            if (order.owner().filter(caller::maySee).isEmpty()) {
                throw notFound(id);
            }
            if (placed(id, order)) {
                return FulfilmentView.starting(id);
            }
            throw new NotFoundException("No fulfilment for order " + id + ": it starts when the order is placed");
        }
        return FulfilmentView.of(id, visible(id, state), fulfilments.history(id), json);
    }

    /**
     * The warehouse shipped the order: the order becomes shipped (unless its customer cancelled it first: 409), then its
     * stock reservations are committed. The same tracking number again answers 200 as the first time; another is 409.
     */
    @POST
    @Path("shipment")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.WAREHOUSE, Roles.ADMIN})
    public FulfilmentView confirmShipment(
            @PathParam("id") @Pattern(regexp = Ids.PATTERN) String id, @Valid @NotNull ShipmentConfirmation body) {
        visible(id);
        Fulfilment after = process.confirmShipment(
                id, new Shipment(body.trackingNumber(), body.carrier()), request.unkeyedCommandContext());
        return FulfilmentView.of(id, after, fulfilments.history(id), json);
    }

    private Fulfilment visible(String id) {
        return visible(id, fulfilments.current(id).state());
    }

    private Fulfilment visible(String id, Fulfilment state) {
        if (state instanceof Fulfilment.NotStarted
                || !caller.maySee(FulfilmentDecider.jobOf(state).customerId())) {
            throw notFound(id);
        }
        return state;
    }

    /** The one answer for an order the caller may not see, whatever its stage, and for one that does not exist. */
    private static NotFoundException notFound(String id) {
        return new NotFoundException("No fulfilment for order " + id);
    }

    /** Whether the order was placed, so its fulfilment is due. */
    private boolean placed(String id, Order order) {
        return switch (OrderStatus.of(order)) {
            case NEW, DRAFT -> false;
            case PLACED, PAID, SHIPPED, DELIVERED -> true;
            // Cancelled before or after placing: only the history tells which.
            case CANCELLED ->
                orders.history(id).stream().anyMatch(recorded -> recorded.event() instanceof OrderEvent.OrderPlaced);
        };
    }
}
