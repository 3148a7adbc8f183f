package dev.orderlog.stock.http;

import dev.orderlog.platform.audit.OperatorLog;
import dev.orderlog.platform.command.ExpectedRevision;
import dev.orderlog.platform.web.ETag;
import dev.orderlog.platform.web.Ids;
import dev.orderlog.platform.web.PrintableText;
import dev.orderlog.platform.web.RequestMetadata;
import dev.orderlog.platform.web.Roles;
import dev.orderlog.stock.Stock;
import dev.orderlog.stock.StockCommand;
import dev.orderlog.stock.StockDecider;
import dev.orderlog.stock.Stocks;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A SKU's stock: what is on hand, reserved by orders, and available; warehouse staff record receipts. */
@Path("/stock")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class StockResource {

    public record StockLevel(String sku, long onHand, long reserved, long available, long revision) {
        static StockLevel of(String sku, Stock stock, long revision) {
            return switch (stock) {
                case Stock.Unknown unknown -> new StockLevel(sku, 0, 0, 0, revision);
                case Stock.Tracked tracked ->
                    new StockLevel(sku, tracked.onHand(), tracked.reserved(), tracked.available(), revision);
            };
        }
    }

    public record Receipt(@NotNull @Min(1) Integer quantity) {}

    /** What the warehouse counted on hand, and why the stock said otherwise. */
    public record Count(
            @NotNull @Min(0) @Max(StockDecider.MAX_ON_HAND) Long onHand,

            @NotBlank @Size(max = 500) @Pattern(regexp = PrintableText.ONE_LINE, message = PrintableText.MESSAGE)
            String reason) {}

    private final Stocks stocks;
    private final RequestMetadata request;
    private final OperatorLog operatorLog;

    public StockResource(Stocks stocks, RequestMetadata request, OperatorLog operatorLog) {
        this.stocks = stocks;
        this.request = request;
        this.operatorLog = operatorLog;
    }

    @GET
    @Path("{sku}")
    @RolesAllowed({Roles.CUSTOMER, Roles.WAREHOUSE, Roles.ADMIN})
    public Response level(@PathParam("sku") @Pattern(regexp = Ids.SKU) String sku) {
        var loaded = stocks.current(sku);
        return Response.ok(StockLevel.of(sku, loaded.state(), loaded.revision()))
                .tag(Long.toString(loaded.revision()))
                .build();
    }

    /** Goods arrived. With an Idempotency-Key a retried receipt is counted once. */
    @POST
    @Path("{sku}/receipts")
    @RolesAllowed({Roles.WAREHOUSE, Roles.ADMIN})
    public Response receive(
            @PathParam("sku") @Pattern(regexp = Ids.SKU) String sku,
            @Valid @NotNull Receipt receipt,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        StockCommand command = new StockCommand.ReceiveStock(sku, receipt.quantity());
        var outcome = stocks.handle(sku, command, request.commandContext(idempotencyKey, (Record) command));
        return Response.ok(StockLevel.of(sku, outcome.state(), outcome.revision()))
                .tag(Long.toString(outcome.revision()))
                .build();
    }

    /**
     * An operator's manual correction: the units on hand become what the warehouse counted, as an event of its own
     * with the reason, recorded in the operator log with the figure. A count replaces what the stock says, so it is
     * taken only at the revision it was counted against (If-Match, the level's ETag, or If-None-Match: * for a SKU never
     * received; 428 without either): a receipt or a
     * shipment in between makes it 412, to be counted again, never lost. Not below what orders hold reserved; with an
     * Idempotency-Key, a retry corrects once.
     */
    @POST
    @Path("{sku}/counts")
    @RolesAllowed(Roles.ADMIN)
    public Response correctCount(
            @PathParam("sku") @Pattern(regexp = Ids.SKU) String sku,
            @Valid @NotNull Count count,
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            @HeaderParam(HttpHeaders.IF_MATCH) ETag ifMatch,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        ExpectedRevision countedAgainst;
        if (ifMatch != null) {
            countedAgainst = ETag.expected(ifMatch);
        } else if ("*".equals(ifNoneMatch)) {
            // A SKU never received has no revision to name: "only while it has none".
            countedAgainst = ExpectedRevision.NO_STREAM;
        } else {
            throw new ClientErrorException(
                    "A count replaces the units on hand: send If-Match with the revision it was counted against (the"
                            + " ETag of GET /stock/" + sku + "), or If-None-Match: * for a SKU never received",
                    428);
        }
        StockCommand command = new StockCommand.CorrectCount(sku, count.onHand(), count.reason());
        var outcome =
                stocks.handle(sku, command, request.commandContext(idempotencyKey, (Record) command), countedAgainst);
        if (!outcome.events().isEmpty() && !outcome.repeated()) {
            operatorLog.record(
                    "correct the count of",
                    Stocks.STREAMS.streamOf(sku),
                    count.onHand() + " on hand: " + count.reason(),
                    request);
        }
        return Response.ok(StockLevel.of(sku, outcome.state(), outcome.revision()))
                .tag(Long.toString(outcome.revision()))
                .build();
    }
}
