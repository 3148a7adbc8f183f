package dev.orderlog.fulfilment.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.fulfilment.Fulfilment;
import dev.orderlog.fulfilment.FulfilmentDecider;
import dev.orderlog.fulfilment.FulfilmentInput;
import dev.orderlog.fulfilment.process.FulfilmentProcess;
import dev.orderlog.fulfilment.Fulfilments;
import dev.orderlog.platform.web.Caller;
import dev.orderlog.platform.web.Ids;
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

    public record ShipmentConfirmation(@NotBlank @Size(max = 100) String trackingNumber) {
    }

    private final Fulfilments fulfilments;
    private final FulfilmentProcess process;
    private final Caller caller;
    private final RequestMetadata request;
    private final ObjectMapper json;

    public FulfilmentResource(Fulfilments fulfilments, FulfilmentProcess process, Caller caller, RequestMetadata request, ObjectMapper json) {
        this.fulfilments = fulfilments;
        this.process = process;
        this.caller = caller;
        this.request = request;
        this.json = json;
    }

    @GET
    @RolesAllowed({Roles.CUSTOMER, Roles.WAREHOUSE, Roles.ADMIN})
    public FulfilmentView fulfilment(@PathParam("id") @Pattern(regexp = Ids.PATTERN) String id) {
        Fulfilment state = visible(id);
        return FulfilmentView.of(id, state, fulfilments.history(id), json);
    }

    /** The warehouse shipped the order: it becomes shipped and its stock reservations are committed. */
    @POST
    @Path("shipment")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.WAREHOUSE, Roles.ADMIN})
    public FulfilmentView confirmShipment(@PathParam("id") @Pattern(regexp = Ids.PATTERN) String id, @Valid @NotNull ShipmentConfirmation body) {
        visible(id);
        Fulfilment after = process.accept(id, new FulfilmentInput.ShipmentConfirmed(body.trackingNumber()), request.correlationId(), request.requestId(),
                request.actor());
        return FulfilmentView.of(id, after, fulfilments.history(id), json);
    }

    private Fulfilment visible(String id) {
        Fulfilment state = fulfilments.current(id).state();
        if (state instanceof Fulfilment.NotStarted || !caller.maySee(FulfilmentDecider.jobOf(state).customerId())) {
            throw new NotFoundException("No fulfilment for order " + id);
        }
        return state;
    }
}
