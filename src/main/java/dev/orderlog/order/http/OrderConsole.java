package dev.orderlog.order.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.order.Order;
import dev.orderlog.order.OrderEvent;
import dev.orderlog.order.Orders;
import dev.orderlog.order.readmodel.OrderQueries;
import dev.orderlog.order.readmodel.OrderSummary;
import dev.orderlog.platform.command.CommandPipeline;
import dev.orderlog.platform.console.Cause;
import dev.orderlog.platform.console.ConsoleLinks;
import dev.orderlog.platform.console.ConsolePages;
import dev.orderlog.platform.web.Ids;
import dev.orderlog.platform.web.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The console's order pages: the newest orders, and one order's history (every event with its metadata and the stream
 * that caused it) beside its state at any revision or instant.
 */
@Path("/console/orders")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.ADMIN)
public class OrderConsole {
    private static final int NEWEST = 20;

    /** One event of the history as the page shows it. */
    public record Shown(RecordedOrderEvent recorded, String data, Optional<Cause> cause) {}

    /** Where the page's time travel stands: the state shown, and the instant asked for, if one was. */
    public record Travel(FoldedOrder state, String instantAsked, boolean current) {}

    /** A page of another slice that the order's page links to. */
    public record Related(String label, String href) {}

    @CheckedTemplate(basePath = "console/orders")
    static class Pages {
        static native TemplateInstance list(List<OrderSummary> orders);

        static native TemplateInstance history(
                String orderId, List<Shown> events, Travel travel, List<Related> stock, String fulfilmentPage);
    }

    private final Orders orders;
    private final OrderQueries queries;
    private final ObjectMapper json;
    private final ConsoleLinks links;

    public OrderConsole(Orders orders, OrderQueries queries, ObjectMapper json, ConsoleLinks links) {
        this.orders = orders;
        this.queries = queries;
        this.json = json;
        this.links = links;
    }

    static String pageOf(String orderId) {
        return ConsolePages.ROOT + "/orders/" + orderId;
    }

    /** The newest orders; with {@code id}, straight to that order's history. */
    @GET
    public Response newest(@QueryParam("id") @Pattern(regexp = Ids.PATTERN) String id) {
        if (id != null) {
            return ConsolePages.seeOther(pageOf(id));
        }
        return Response.ok(Pages.list(
                        queries.page(OrderQueries.Criteria.newest(NEWEST)).orders()))
                .build();
    }

    @GET
    @Path("{id}")
    public TemplateInstance history(
            @PathParam("id") @Pattern(regexp = Ids.PATTERN) String id,
            @QueryParam("revision") String revisionAsked,
            @QueryParam("at") String at) {
        Long revision = revisionOf(revisionAsked);
        List<CommandPipeline.Recorded<OrderEvent>> history = orders.history(id);
        if (history.isEmpty()) {
            throw new NotFoundException("Order " + id + " does not exist");
        }
        String instant = at == null || at.isBlank() ? null : at.strip();
        CommandPipeline.Loaded<Order> state = OrderTimeTravel.stateOf(orders, id, revision, instant)
                .orElseThrow(() -> new NotFoundException("Order " + id + " had no state "
                        + (revision != null ? "at revision " + revision : "at " + instant)));
        Travel travel = new Travel(
                FoldedOrder.of(state.state(), state.revision()),
                instant == null ? "" : instant,
                revision == null && instant == null);
        List<Related> stock = history.stream()
                .map(CommandPipeline.Recorded::event)
                .flatMap(event -> event instanceof OrderEvent.LineAdded added ? Stream.of(added.sku()) : Stream.empty())
                .distinct()
                .map(sku -> new Related("stock of " + sku, links.to(ConsoleLinks.Target.STOCK, sku)))
                .toList();
        return Pages.history(
                id,
                history.stream().map(this::shown).toList(),
                travel,
                stock,
                links.to(ConsoleLinks.Target.FULFILMENT, id));
    }

    /** The form sends both fields; an empty one is not asked for. */
    private static Long revisionOf(String asked) {
        if (asked == null || asked.isBlank()) {
            return null;
        }
        try {
            long revision = Long.parseLong(asked.strip());
            if (revision >= 0) {
                return revision;
            }
        } catch (NumberFormatException notANumber) {
            // answered below, like a negative one
        }
        throw new BadRequestException("'revision' must be a whole number, 0 or more");
    }

    private Shown shown(CommandPipeline.Recorded<OrderEvent> recorded) {
        RecordedOrderEvent event = RecordedOrderEvent.of(recorded, UnaryOperator.identity());
        try {
            return new Shown(
                    event,
                    json.writerWithDefaultPrettyPrinter().writeValueAsString(event.event()),
                    Cause.of(event.metadata().causationId()));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
