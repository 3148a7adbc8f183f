package dev.orderlog.order.http;

import dev.orderlog.order.Order;
import dev.orderlog.order.OrderCommand;
import dev.orderlog.order.OrderEvent;
import dev.orderlog.order.Orders;
import dev.orderlog.platform.command.CommandContext;
import dev.orderlog.platform.command.CommandPipeline;
import dev.orderlog.platform.web.Caller;
import dev.orderlog.platform.web.ETag;
import dev.orderlog.platform.web.Ids;
import dev.orderlog.platform.web.RequestMetadata;
import dev.orderlog.platform.web.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The order commands over HTTP, plus the order's history and its state at any point. Queries over many orders live on
 * the read side. A customer acts on their own orders only: anyone else's answers as if it did not exist.
 */
@Path("/orders")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OrderResource {

    @Inject
    Orders orders;

    @Inject
    RequestMetadata request;

    @Inject
    Caller caller;

    /** A customer creates orders for themselves (the token says who); staff name the customer in the body. */
    @POST
    @RolesAllowed({Roles.CUSTOMER, Roles.ADMIN})
    public Response create(
            @Valid @NotNull OrderRequests.CreateOrder body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        String customerId = caller.onlyCustomer()
                .map(own -> {
                    if (!own.matches(Ids.PATTERN)) {
                        throw new ForbiddenException(
                                "The token's subject cannot name a customer: it must match " + Ids.PATTERN);
                    }
                    if (body.customerId() != null && !body.customerId().equals(own)) {
                        throw new ForbiddenException(
                                "A customer creates orders for themselves: leave customerId out or give your own");
                    }
                    return own;
                })
                .orElseGet(() -> Optional.ofNullable(body.customerId())
                        .orElseThrow(() ->
                                new BadRequestException("customerId: staff must name the customer the order is for")));
        // A retried create must land on the same order, so the caller's key decides the id; another caller's same key
        // is another order.
        String id = idempotencyKey == null
                ? UUID.randomUUID().toString()
                : UUID.nameUUIDFromBytes(
                                ("order\n" + caller.subject() + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8))
                        .toString();
        var outcome = run(id, new OrderCommand.CreateOrder(id, customerId, body.currency()), idempotencyKey, null);
        return respond(Response.created(URI.create("/orders/" + id)), outcome);
    }

    @POST
    @RolesAllowed({Roles.CUSTOMER, Roles.ADMIN})
    @Path("/{id}/lines")
    public Response addLine(
            @PathParam("id") @Pattern(regexp = Ids.PATTERN) String id,
            @Valid @NotNull OrderRequests.AddLine body,
            @HeaderParam("Idempotency-Key") String key,
            @HeaderParam(HttpHeaders.IF_MATCH) ETag ifMatch) {
        return ok(run(
                id,
                new OrderCommand.AddLine(
                        body.sku(), body.quantity(), body.unitPrice().toMoney()),
                key,
                ifMatch));
    }

    @PUT
    @RolesAllowed({Roles.CUSTOMER, Roles.ADMIN})
    @Path("/{id}/lines/{sku}")
    public Response changeQuantity(
            @PathParam("id") @Pattern(regexp = Ids.PATTERN) String id,
            @PathParam("sku") @Pattern(regexp = OrderRequests.SKU) String sku,
            @Valid @NotNull OrderRequests.ChangeQuantity body,
            @HeaderParam("Idempotency-Key") String key,
            @HeaderParam(HttpHeaders.IF_MATCH) ETag ifMatch) {
        return ok(run(id, new OrderCommand.ChangeLineQuantity(sku, body.quantity()), key, ifMatch));
    }

    @DELETE
    @RolesAllowed({Roles.CUSTOMER, Roles.ADMIN})
    @Path("/{id}/lines/{sku}")
    public Response removeLine(
            @PathParam("id") @Pattern(regexp = Ids.PATTERN) String id,
            @PathParam("sku") @Pattern(regexp = OrderRequests.SKU) String sku,
            @HeaderParam("Idempotency-Key") String key,
            @HeaderParam(HttpHeaders.IF_MATCH) ETag ifMatch) {
        return ok(run(id, new OrderCommand.RemoveLine(sku), key, ifMatch));
    }

    @POST
    @RolesAllowed({Roles.CUSTOMER, Roles.ADMIN})
    @Path("/{id}/place")
    public Response place(
            @PathParam("id") @Pattern(regexp = Ids.PATTERN) String id,
            @Valid @NotNull OrderRequests.PlaceOrder body,
            @HeaderParam("Idempotency-Key") String key,
            @HeaderParam(HttpHeaders.IF_MATCH) ETag ifMatch) {
        return ok(run(id, new OrderCommand.PlaceOrder(body.shippingAddress().toAddress()), key, ifMatch));
    }

    @POST
    @RolesAllowed(Roles.ADMIN) // payments come from the provider; by hand only as an operator's correction
    @Path("/{id}/payment")
    public Response confirmPayment(
            @PathParam("id") @Pattern(regexp = Ids.PATTERN) String id,
            @Valid @NotNull OrderRequests.ConfirmPayment body,
            @HeaderParam("Idempotency-Key") String key,
            @HeaderParam(HttpHeaders.IF_MATCH) ETag ifMatch) {
        return ok(run(
                id, new OrderCommand.ConfirmPayment(body.amount().toMoney(), body.paymentReference()), key, ifMatch));
    }

    @POST
    @RolesAllowed({Roles.WAREHOUSE, Roles.ADMIN})
    @Path("/{id}/ship")
    public Response ship(
            @PathParam("id") @Pattern(regexp = Ids.PATTERN) String id,
            @Valid @NotNull OrderRequests.ShipOrder body,
            @HeaderParam("Idempotency-Key") String key,
            @HeaderParam(HttpHeaders.IF_MATCH) ETag ifMatch) {
        return ok(run(id, new OrderCommand.ShipOrder(body.trackingNumber()), key, ifMatch));
    }

    @POST
    @RolesAllowed({Roles.WAREHOUSE, Roles.ADMIN})
    @Path("/{id}/deliver")
    @Consumes(MediaType.WILDCARD) // no body, so no Content-Type to demand
    public Response deliver(
            @PathParam("id") @Pattern(regexp = Ids.PATTERN) String id,
            @HeaderParam("Idempotency-Key") String key,
            @HeaderParam(HttpHeaders.IF_MATCH) ETag ifMatch) {
        return ok(run(id, new OrderCommand.DeliverOrder(), key, ifMatch));
    }

    @POST
    @RolesAllowed({Roles.CUSTOMER, Roles.ADMIN})
    @Path("/{id}/cancel")
    public Response cancel(
            @PathParam("id") @Pattern(regexp = Ids.PATTERN) String id,
            @Valid @NotNull OrderRequests.CancelOrder body,
            @HeaderParam("Idempotency-Key") String key,
            @HeaderParam(HttpHeaders.IF_MATCH) ETag ifMatch) {
        return ok(run(id, new OrderCommand.CancelOrder(body.reason()), key, ifMatch));
    }

    /** The audit trail: every event of the order, as read today, with its metadata. */
    @GET
    @RolesAllowed({Roles.CUSTOMER, Roles.WAREHOUSE, Roles.ADMIN})
    @Path("/{id}/events")
    public List<RecordedOrderEvent> events(@PathParam("id") @Pattern(regexp = Ids.PATTERN) String id) {
        var recorded = orders.history(id);
        if (recorded.isEmpty() || orders.owner(recorded).filter(caller::maySee).isEmpty()) {
            throw new NotFoundException("Order " + id + " does not exist");
        }
        return recorded.stream()
                .map(event -> RecordedOrderEvent.of(event, caller::actorAsSeen))
                .toList();
    }

    /** The state now, or as of a revision or a moment, by replay of the stream (time travel). */
    @GET
    @RolesAllowed({Roles.CUSTOMER, Roles.WAREHOUSE, Roles.ADMIN})
    @Path("/{id}/state")
    public Response state(
            @PathParam("id") @Pattern(regexp = Ids.PATTERN) String id,
            @QueryParam("revision") Long revision,
            @QueryParam("at") String at) {
        Optional<CommandPipeline.Loaded<Order>> loaded = OrderTimeTravel.stateOf(orders, id, revision, at);
        CommandPipeline.Loaded<Order> found = loaded.filter(
                        state -> state.state().owner().filter(caller::maySee).isPresent())
                .orElseThrow(() -> new NotFoundException("Order " + id + " has no such state"));
        return Response.ok(FoldedOrder.of(found.state(), found.revision()))
                .tag(Long.toString(found.revision()))
                .build();
    }

    private CommandPipeline.Outcome<Order, OrderEvent> run(
            String id, OrderCommand command, String idempotencyKey, ETag ifMatch) {
        // Keys are the caller's own: the same key from someone else is another request.
        CommandContext context = request.commandContext(idempotencyKey, (Record) command);
        Optional<String> onlyCustomer = caller.onlyCustomer();
        return onlyCustomer.isPresent()
                ? orders.handleFor(onlyCustomer.get(), id, command, context, ETag.expected(ifMatch))
                : orders.handle(id, command, context, ETag.expected(ifMatch));
    }

    private static Response ok(CommandPipeline.Outcome<Order, OrderEvent> outcome) {
        return respond(Response.ok(), outcome);
    }

    private static Response respond(
            Response.ResponseBuilder builder, CommandPipeline.Outcome<Order, OrderEvent> outcome) {
        builder.entity(FoldedOrder.of(outcome.state(), outcome.revision())).tag(Long.toString(outcome.revision()));
        if (outcome.repeated()) {
            builder.header("Idempotent-Replayed", "true");
        }
        return builder.build();
    }
}
