package dev.orderlog.fulfilment.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.fulfilment.Fulfilment;
import dev.orderlog.fulfilment.FulfilmentInput;
import dev.orderlog.fulfilment.Fulfilments;
import dev.orderlog.fulfilment.process.FulfilmentProcess;
import dev.orderlog.fulfilment.readmodel.FulfilmentQueries;
import dev.orderlog.platform.audit.OperatorLog;
import dev.orderlog.platform.console.Confirmation;
import dev.orderlog.platform.console.ConsolePages;
import dev.orderlog.platform.web.Ids;
import dev.orderlog.platform.web.RequestMetadata;
import dev.orderlog.platform.web.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.function.Function;

/** The console's fulfilment pages: instances by stage, those needing attention first; one instance's timeline; retry and resolve. */
@Path("/console/fulfilment")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.ADMIN)
public class FulfilmentConsole {
    /** The stages in the order operators look at them: what needs a person first, what ended last. */
    static final List<String> STAGES_BY_URGENCY = List.of("needs-attention", "compensating", "awaiting-payment", "reserving-stock",
            "awaiting-shipment", "shipping", "completed", "cancelled", "resolved");
    private static final int PER_STAGE = 50;
    private static final int MAX_NOTE = 500;

    /** One stage and the instances in it, oldest change first. */
    public record Stage(String phase, List<FulfilmentQueries.Instance> instances) {
    }

    @CheckedTemplate(basePath = "console/fulfilment")
    static class Pages {
        static native TemplateInstance list(List<Stage> stages);

        static native TemplateInstance detail(FulfilmentView fulfilment, boolean needsAttention);
    }

    private final FulfilmentQueries queries;
    private final Fulfilments fulfilments;
    private final FulfilmentProcess process;
    private final OperatorLog operatorLog;
    private final RequestMetadata request;
    private final ObjectMapper json;

    public FulfilmentConsole(FulfilmentQueries queries, Fulfilments fulfilments, FulfilmentProcess process, OperatorLog operatorLog,
                             RequestMetadata request, ObjectMapper json) {
        this.queries = queries;
        this.fulfilments = fulfilments;
        this.process = process;
        this.operatorLog = operatorLog;
        this.request = request;
        this.json = json;
    }

    @GET
    public TemplateInstance stages() {
        return Pages.list(STAGES_BY_URGENCY.stream().map(phase -> new Stage(phase, queries.inPhase(phase, PER_STAGE))).toList());
    }

    @GET
    @Path("{orderId}")
    public TemplateInstance instance(@PathParam("orderId") @Pattern(regexp = Ids.PATTERN) String orderId) {
        Fulfilment state = started(orderId);
        return Pages.detail(FulfilmentView.of(orderId, state, fulfilments.history(orderId), json), state instanceof Fulfilment.NeedsAttention);
    }

    @GET
    @Path("{orderId}/retry")
    public TemplateInstance confirmRetry(@PathParam("orderId") @Pattern(regexp = Ids.PATTERN) String orderId) {
        started(orderId);
        return Confirmation.page("Retry the compensation of order " + orderId,
                "The process tries the failed compensation again (a refund as a new attempt at the provider). Say why it should work now.",
                actionOf(orderId, "retry"), pageOf(orderId), true);
    }

    @POST
    @Path("{orderId}/retry")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response retry(@PathParam("orderId") @Pattern(regexp = Ids.PATTERN) String orderId, @FormParam("confirmed") String confirmed,
                          @FormParam("note") String note) {
        return act(orderId, confirmed, note, "retry the compensation of", FulfilmentInput.RetryCompensation::new);
    }

    @GET
    @Path("{orderId}/resolve")
    public TemplateInstance confirmResolve(@PathParam("orderId") @Pattern(regexp = Ids.PATTERN) String orderId) {
        started(orderId);
        return Confirmation.page("Mark the fulfilment of order " + orderId + " resolved",
                "Say how it was settled outside the process (refunded by hand, say). The instance ends; stock it still holds is released.",
                actionOf(orderId, "resolve"), pageOf(orderId), true);
    }

    @POST
    @Path("{orderId}/resolve")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response resolve(@PathParam("orderId") @Pattern(regexp = Ids.PATTERN) String orderId, @FormParam("confirmed") String confirmed,
                            @FormParam("note") String note) {
        return act(orderId, confirmed, note, "mark resolved the fulfilment of", FulfilmentInput.MarkResolved::new);
    }

    private Response act(String orderId, String confirmed, String note, String action, Function<String, FulfilmentInput> input) {
        Confirmation.require(confirmed);
        if (note == null || note.isBlank() || note.length() > MAX_NOTE) {
            throw new BadRequestException("A note of 1 to " + MAX_NOTE + " characters is required");
        }
        started(orderId);
        operatorLog.record(action, Fulfilments.STREAMS.streamOf(orderId), request);
        process.accept(orderId, input.apply(note.strip()), request.correlationId(), request.requestId(), request.actor());
        return ConsolePages.seeOther(pageOf(orderId));
    }

    private Fulfilment started(String orderId) {
        Fulfilment state = fulfilments.current(orderId).state();
        if (state instanceof Fulfilment.NotStarted) {
            throw new NotFoundException("No fulfilment for order " + orderId);
        }
        return state;
    }

    private static String pageOf(String orderId) {
        return "/console/fulfilment/" + orderId;
    }

    private static String actionOf(String orderId, String action) {
        return pageOf(orderId) + "/" + action;
    }
}
