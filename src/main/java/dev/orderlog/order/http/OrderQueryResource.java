package dev.orderlog.order.http;

import dev.orderlog.order.OrderStatus;
import dev.orderlog.order.readmodel.OrderLineRow;
import dev.orderlog.order.readmodel.OrderQueries;
import dev.orderlog.order.readmodel.OrderSummary;
import dev.orderlog.platform.web.Caller;
import dev.orderlog.platform.web.Ids;
import dev.orderlog.platform.web.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Queries served from the order read model in PostgreSQL. Customers see their own orders only. */
@Path("/orders")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CUSTOMER, Roles.WAREHOUSE, Roles.ADMIN})
public class OrderQueryResource {

    @ConfigProperty(name = "orderlog.queries.max-wait", defaultValue = "PT2S")
    Duration maxWait;

    private final OrderQueries queries;
    private final Caller caller;

    public OrderQueryResource(OrderQueries queries, Caller caller) {
        this.queries = queries;
        this.caller = caller;
    }

    public record Page(List<ProjectedOrder> orders, String next) {}

    /**
     * An order as the read model has it. With {@code minRevision} (query or {@code X-Min-Revision}) it waits, up to a
     * bound, for the read model to reach that revision (read your writes); if it does not, {@code stale} says so.
     */
    @GET
    @Path("{id}")
    public Response order(
            @PathParam("id") @Pattern(regexp = Ids.PATTERN) String id,
            @QueryParam("minRevision") @Min(0) Long minRevision,
            @HeaderParam("X-Min-Revision") @Min(0) Long minRevisionHeader)
            throws InterruptedException {
        long wanted = minRevision != null ? minRevision : minRevisionHeader != null ? minRevisionHeader : -1;
        Optional<OrderSummary> found = wanted < 0 ? queries.summary(id) : visibleAtLeast(id, wanted);
        OrderSummary summary = found.filter(order -> caller.maySee(order.customerId))
                .orElseThrow(() -> new NotFoundException(
                        "Order " + id + " is not in the read model" + (wanted >= 0 ? " yet" : "")));
        boolean stale = summary.lastRevision < wanted;
        List<OrderLineRow> lines = queries.lines(id);
        Response.ResponseBuilder response = Response.ok(
                        stale ? ProjectedOrder.stale(summary, lines) : ProjectedOrder.current(summary, lines))
                .tag(Long.toString(summary.lastRevision));
        if (stale) {
            response.header("X-Stale", "true");
        }
        return response.build();
    }

    /** Someone else's order is waited for as long as a missing one, so neither its existence nor its revision shows. */
    private Optional<OrderSummary> visibleAtLeast(String id, long wanted) throws InterruptedException {
        if (queries.summary(id)
                .filter(order -> !caller.maySee(order.customerId))
                .isPresent()) {
            Thread.sleep(maxWait.toMillis());
            return Optional.empty();
        }
        return queries.summaryAtLeast(id, wanted, maxWait);
    }

    /**
     * Orders newest first, filtered by customer, status and creation time, a page at a time (keyset, not offsets). A
     * customer's list holds their own orders only.
     */
    @GET
    public Page orders(
            @QueryParam("customerId") @Pattern(regexp = Ids.PATTERN) String customerId,
            @QueryParam("status") String status,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(200) int limit,
            @QueryParam("after") String after) {
        Optional<String> customer = caller.onlyCustomer()
                .map(own -> {
                    if (customerId != null && !customerId.equals(own)) {
                        throw new ForbiddenException("A customer lists their own orders only");
                    }
                    return own;
                })
                .or(() -> Optional.ofNullable(customerId));
        OrderQueries.Page page = queries.page(OrderQueries.Criteria.newest(limit)
                .ofCustomer(customer)
                .inStatus(Optional.ofNullable(status).map(OrderQueryResource::status))
                .createdFrom(Optional.ofNullable(from).map(value -> instant(value, "from")))
                .createdBefore(Optional.ofNullable(to).map(value -> instant(value, "to")))
                .after(Optional.ofNullable(after).map(OrderQueryResource::decodeCursor)));
        return new Page(
                page.orders().stream().map(ProjectedOrder::listed).toList(),
                page.next().map(OrderQueryResource::encodeCursor).orElse(null));
    }

    private static OrderStatus status(String label) {
        return OrderStatus.parse(label)
                .orElseThrow(() -> new BadRequestException("'status' must be one of: " + OrderStatus.labels()));
    }

    private static Instant instant(String value, String name) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException invalid) {
            throw new BadRequestException("'" + name + "' must be an ISO-8601 instant such as 2026-11-24T10:00:00Z");
        }
    }

    /** The cursor is opaque to clients: where the previous page ended. */
    private static String encodeCursor(OrderQueries.Keyset keyset) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((keyset.createdAt() + "|" + keyset.orderId()).getBytes(StandardCharsets.UTF_8));
    }

    private static OrderQueries.Keyset decodeCursor(String text) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|", 2);
            return new OrderQueries.Keyset(Instant.parse(parts[0]), parts[1]);
        } catch (RuntimeException invalid) {
            throw new BadRequestException("'after' is not a cursor this API gave out");
        }
    }
}
