package dev.orderlog.readmodel;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Queries served from the read models in PostgreSQL. */
@Path("/orders")
@Produces(MediaType.APPLICATION_JSON)
public class OrderQueryResource {
    private static final String ID = "[A-Za-z0-9-]{1,64}";

    @ConfigProperty(name = "orderlog.queries.max-wait", defaultValue = "PT2S")
    Duration maxWait;

    public record Line(String sku, int quantity, long unitPriceMinor) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OrderRead(String id, String customerId, String status, String currency, long totalMinor, int lineCount,
                            Instant createdAt, Instant updatedAt, long revision, List<Line> lines, Boolean stale) {
    }

    public record Page(List<OrderRead> orders, String next) {
    }

    /**
     * An order as the read model has it. With {@code minRevision} (query or {@code X-Min-Revision}) it waits, up to a
     * bound, for the read model to reach that revision (read your writes); if it does not, {@code stale} says so.
     */
    @GET
    @Path("{id}")
    public Response order(@PathParam("id") @Pattern(regexp = ID) String id, @QueryParam("minRevision") Long minRevision,
                          @HeaderParam("X-Min-Revision") Long minRevisionHeader) throws InterruptedException {
        long wanted = minRevision != null ? minRevision : minRevisionHeader != null ? minRevisionHeader : -1;
        long deadline = System.nanoTime() + maxWait.toNanos();
        OrderSummary summary = OrderReads.summary(id);
        while ((summary == null || summary.lastRevision < wanted) && wanted >= 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            summary = OrderReads.summary(id);
        }
        if (summary == null) {
            throw new NotFoundException("Order " + id + " is not in the read model" + (wanted >= 0 ? " yet" : ""));
        }
        boolean stale = summary.lastRevision < wanted;
        Response.ResponseBuilder response = Response.ok(OrderReads.view(summary, true, stale ? Boolean.TRUE : null))
                .tag(Long.toString(summary.lastRevision));
        if (stale) {
            response.header("X-Stale", "true");
        }
        return response.build();
    }

    /** Orders newest first, filtered by customer, status and creation time, a page at a time (keyset, not offsets). */
    @GET
    public Page orders(@QueryParam("customerId") @Pattern(regexp = ID) String customerId, @QueryParam("status") @Pattern(regexp = "[a-z]{1,16}") String status,
                       @QueryParam("from") String from, @QueryParam("to") String to,
                       @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(200) int limit, @QueryParam("after") String after) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (customerId != null) {
            query.append(" and customerId = :customer");
            parameters.and("customer", customerId);
        }
        if (status != null) {
            query.append(" and status = :status");
            parameters.and("status", status);
        }
        if (from != null) {
            query.append(" and createdAt >= :from");
            parameters.and("from", instant(from, "from"));
        }
        if (to != null) {
            query.append(" and createdAt < :to");
            parameters.and("to", instant(to, "to"));
        }
        if (after != null) {
            Cursor cursor = Cursor.decode(after);
            query.append(" and (createdAt < :cursorTime or (createdAt = :cursorTime and orderId < :cursorId))");
            parameters.and("cursorTime", cursor.createdAt()).and("cursorId", cursor.orderId());
        }
        List<OrderSummary> rows = OrderSummary.<OrderSummary>find(query.toString(), Sort.descending("createdAt", "orderId"), parameters)
                .page(0, limit + 1).list();
        List<OrderRead> orders = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, rows.size()); i++) {
            orders.add(OrderReads.view(rows.get(i), false, null));
        }
        String next = rows.size() > limit ? new Cursor(rows.get(limit - 1).createdAt, rows.get(limit - 1).orderId).encode() : null;
        return new Page(orders, next);
    }

    private static Instant instant(String value, String name) {
        try {
            return Instant.parse(value);
        } catch (java.time.format.DateTimeParseException invalid) {
            throw new BadRequestException("'" + name + "' must be an ISO-8601 instant such as 2026-11-24T10:00:00Z");
        }
    }

    /** Where the previous page ended: opaque to clients. */
    record Cursor(Instant createdAt, String orderId) {
        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString((createdAt + "|" + orderId).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String text) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|", 2);
                return new Cursor(Instant.parse(parts[0]), parts[1]);
            } catch (RuntimeException invalid) {
                throw new BadRequestException("'after' is not a cursor this API gave out");
            }
        }
    }
}
