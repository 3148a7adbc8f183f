package dev.orderlog.order.http;

import dev.orderlog.order.readmodel.CustomerStats;
import dev.orderlog.order.readmodel.OrderQueries;
import dev.orderlog.platform.web.Caller;
import dev.orderlog.platform.web.Ids;
import dev.orderlog.platform.web.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Per-customer statistics from the read model, one entry per currency the customer ordered in. A customer sees their own. */
@Path("/customers")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CUSTOMER, Roles.ADMIN})
public class CustomerStatsResource {

    public record Stats(
            String customerId,
            String currency,
            int ordersCreated,
            int ordersPlaced,
            int ordersPaid,
            int ordersCancelled,
            long totalPaidMinor,
            long totalRefundedMinor) {}

    private final OrderQueries queries;
    private final Caller caller;

    public CustomerStatsResource(OrderQueries queries, Caller caller) {
        this.queries = queries;
        this.caller = caller;
    }

    @GET
    @Path("{id}/stats")
    public List<Stats> customerStats(@PathParam("id") @Pattern(regexp = Ids.PATTERN) String customerId) {
        List<CustomerStats> rows = caller.maySee(customerId) ? queries.customerStats(customerId) : List.of();
        if (rows.isEmpty()) {
            throw new NotFoundException("No orders of customer " + customerId + " in the read model");
        }
        return rows.stream()
                .map(s -> new Stats(
                        s.key.customerId(),
                        s.key.currency(),
                        s.ordersCreated,
                        s.ordersPlaced,
                        s.ordersPaid,
                        s.ordersCancelled,
                        s.totalPaidMinor,
                        s.totalRefundedMinor))
                .toList();
    }
}
