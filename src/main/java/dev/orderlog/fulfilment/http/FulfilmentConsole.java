package dev.orderlog.fulfilment.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.fulfilment.Fulfilment;
import dev.orderlog.fulfilment.Fulfilments;
import dev.orderlog.fulfilment.Phase;
import dev.orderlog.fulfilment.readmodel.FulfilmentQueries;
import dev.orderlog.platform.console.Confirmation;
import dev.orderlog.platform.console.ConsoleLinks;
import dev.orderlog.platform.console.ConsolePages;
import dev.orderlog.platform.web.Ids;
import dev.orderlog.platform.web.PrintableText;
import dev.orderlog.platform.web.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/** The console's fulfilment pages: instances by stage, those needing attention first; one instance's timeline; retry and resolve. */
@Path("/console/fulfilment")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.ADMIN)
public class FulfilmentConsole {
    private static final int PER_STAGE = 50;

    /** One stage: how many instances it holds, and the first of them, oldest change first. */
    public record Stage(String phase, long total, List<FulfilmentQueries.Instance> instances) {}

    @CheckedTemplate(basePath = "console/fulfilment")
    static class Pages {
        static native TemplateInstance list(List<Stage> stages, Charts charts);

        static native TemplateInstance detail(FulfilmentView fulfilment, boolean needsAttention, Related related);
    }

    private final FulfilmentQueries queries;
    private final FulfilmentHistory history;
    private final Fulfilments fulfilments;
    private final FulfilmentRepairs repairs;
    private final ObjectMapper json;
    private final ConsoleLinks links;

    /** Where an instance's page links: its order's history (the order slice's page) and its own stream. */
    public record Related(String order, String stream) {}

    /** The page's charts, drawn as SVG. */
    public record Charts(RawString underWay, RawString finished, RawString providerFailures) {}

    public FulfilmentConsole(
            FulfilmentQueries queries,
            Fulfilments fulfilments,
            FulfilmentRepairs repairs,
            ObjectMapper json,
            FulfilmentHistory history,
            ConsoleLinks links) {
        this.queries = queries;
        this.links = links;
        this.history = history;
        this.fulfilments = fulfilments;
        this.repairs = repairs;
        this.json = json;
    }

    @GET
    public TemplateInstance stages() {
        Map<String, Long> counts = queries.countByPhase();
        return Pages.list(
                Phase.byUrgency().stream()
                        .map(Phase::label)
                        .map(phase ->
                                new Stage(phase, counts.getOrDefault(phase, 0L), queries.inPhase(phase, PER_STAGE)))
                        .toList(),
                new Charts(history.underWayChart(), history.finishedChart(), history.providerChart()));
    }

    @GET
    @Path("{orderId}")
    public TemplateInstance instance(@PathParam("orderId") @Pattern(regexp = Ids.PATTERN) String orderId) {
        Fulfilment state = repairs.started(orderId);
        return Pages.detail(
                FulfilmentView.of(orderId, state, fulfilments.history(orderId), json),
                state instanceof Fulfilment.NeedsAttention,
                new Related(
                        links.to(ConsoleLinks.Target.ORDER, orderId),
                        ConsoleLinks.stream(Fulfilments.STREAMS.streamOf(orderId))));
    }

    @GET
    @Path("{orderId}/retry")
    public TemplateInstance confirmRetry(@PathParam("orderId") @Pattern(regexp = Ids.PATTERN) String orderId) {
        repairs.needingAttention(orderId, FulfilmentRepairs.RETRY);
        return Confirmation.pageWithNote(
                "Retry the compensation of order " + orderId,
                "The process tries the failed compensation again (a refund as a new attempt at the provider). Say why it should work now.",
                actionOf(orderId, "retry"),
                pageOf(orderId));
    }

    @POST
    @Path("{orderId}/retry")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response retry(
            @PathParam("orderId") @Pattern(regexp = Ids.PATTERN) String orderId,
            @FormParam("confirmed") String confirmed,
            @FormParam("note") String note) {
        return act(orderId, confirmed, note, (id, text) -> repairs.retry(id, text, Optional.empty()));
    }

    @GET
    @Path("{orderId}/resolve")
    public TemplateInstance confirmResolve(@PathParam("orderId") @Pattern(regexp = Ids.PATTERN) String orderId) {
        repairs.needingAttention(orderId, FulfilmentRepairs.RESOLVE);
        return Confirmation.pageWithNote(
                "Mark the fulfilment of order " + orderId + " resolved",
                "Say how it was settled outside the process (refunded by hand, say). The instance ends; stock it still holds is released.",
                actionOf(orderId, "resolve"),
                pageOf(orderId));
    }

    @POST
    @Path("{orderId}/resolve")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response resolve(
            @PathParam("orderId") @Pattern(regexp = Ids.PATTERN) String orderId,
            @FormParam("confirmed") String confirmed,
            @FormParam("note") String note) {
        return act(orderId, confirmed, note, (id, text) -> repairs.resolve(id, text, Optional.empty()));
    }

    private Response act(String orderId, String confirmed, String note, BiConsumer<String, String> repair) {
        Confirmation.require(confirmed);
        if (note == null
                || note.isBlank()
                || note.length() > FulfilmentRepairs.MAX_NOTE
                || !PrintableText.isLines(note)) {
            throw new BadRequestException(
                    "A note of 1 to " + FulfilmentRepairs.MAX_NOTE + " characters of printable text is required");
        }
        repair.accept(orderId, note.strip());
        return ConsolePages.seeOther(pageOf(orderId));
    }

    static String pageOf(String orderId) {
        return "/console/fulfilment/" + orderId;
    }

    private static String actionOf(String orderId, String action) {
        return pageOf(orderId) + "/" + action;
    }
}
