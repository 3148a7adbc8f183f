package dev.orderlog.fulfilment.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.fulfilment.Fulfilment;
import dev.orderlog.fulfilment.Fulfilments;
import dev.orderlog.fulfilment.readmodel.FulfilmentQueries;
import dev.orderlog.platform.web.Ids;
import dev.orderlog.platform.web.PrintableText;
import dev.orderlog.platform.web.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;

/** Operators' view of the fulfilment process: instances by stage (by default those needing attention), and what to do about them. */
@Path("/admin/fulfilment")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class FulfilmentAdminResource {

    public record OperatorNote(
            @NotBlank
            @Size(max = FulfilmentRepairs.MAX_NOTE)
            @Pattern(regexp = PrintableText.LINES, message = PrintableText.MESSAGE)
            String note) {}

    private final FulfilmentQueries queries;
    private final Fulfilments fulfilments;
    private final FulfilmentRepairs repairs;
    private final ObjectMapper json;

    public FulfilmentAdminResource(
            FulfilmentQueries queries, Fulfilments fulfilments, FulfilmentRepairs repairs, ObjectMapper json) {
        this.queries = queries;
        this.fulfilments = fulfilments;
        this.repairs = repairs;
        this.json = json;
    }

    @GET
    public List<FulfilmentQueries.Instance> instances(
            @QueryParam("phase") @DefaultValue("needs-attention") @Pattern(regexp = "[a-z-]{1,32}") String phase,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return queries.inPhase(phase, limit);
    }

    /** One instance with its whole timeline, from its stream. */
    @GET
    @Path("{orderId}")
    public FulfilmentView instance(@PathParam("orderId") @Pattern(regexp = Ids.PATTERN) String orderId) {
        return view(orderId);
    }

    /** Compensation is tried again (a refund as a new attempt); recorded with the operator's subject and note. */
    @POST
    @Path("{orderId}/retry")
    @Consumes(MediaType.APPLICATION_JSON)
    public FulfilmentView retry(
            @PathParam("orderId") @Pattern(regexp = Ids.PATTERN) String orderId,
            @Valid @NotNull OperatorNote body,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return view(orderId, repairs.retry(orderId, body.note(), Optional.ofNullable(idempotencyKey)));
    }

    /** The operator settled it outside the process (refunded by hand, say); the instance ends. */
    @POST
    @Path("{orderId}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    public FulfilmentView resolve(
            @PathParam("orderId") @Pattern(regexp = Ids.PATTERN) String orderId,
            @Valid @NotNull OperatorNote body,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return view(orderId, repairs.resolve(orderId, body.note(), Optional.ofNullable(idempotencyKey)));
    }

    private FulfilmentView view(String orderId) {
        return view(orderId, repairs.started(orderId));
    }

    private FulfilmentView view(String orderId, Fulfilment state) {
        return FulfilmentView.of(orderId, state, fulfilments.history(orderId), json);
    }
}
