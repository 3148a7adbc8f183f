package dev.orderlog.order.http;

import dev.orderlog.order.readmodel.CustomerStats;
import dev.orderlog.order.readmodel.OrderQueries;
import dev.orderlog.platform.web.Ids;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Per-customer statistics from the read model, one entry per currency the customer ordered in. */
@Path("/customers")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerStatsResource {

    public record Stats(String customerId, String currency, int ordersCreated, int ordersPlaced, int ordersPaid, int ordersCancelled,
                        long totalPaidMinor, long totalRefundedMinor) {
    }

    private final OrderQueries queries;

    public CustomerStatsResource(OrderQueries queries) {
        this.queries = queries;
    }

    @GET
    @Path("{id}/stats")
    public List<Stats> customerStats(@PathParam("id") @Pattern(regexp = Ids.PATTERN) String customerId) {
        List<CustomerStats> rows = queries.customerStats(customerId);
        if (rows.isEmpty()) {
            throw new NotFoundException("No orders of customer " + customerId + " in the read model");
        }
        return rows.stream().map(s -> new Stats(s.key.customerId(), s.key.currency(), s.ordersCreated, s.ordersPlaced, s.ordersPaid,
                s.ordersCancelled, s.totalPaidMinor, s.totalRefundedMinor)).toList();
    }
}
