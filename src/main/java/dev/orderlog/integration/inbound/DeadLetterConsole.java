package dev.orderlog.integration.inbound;

import dev.orderlog.platform.audit.OperatorLog;
import dev.orderlog.platform.console.Confirmation;
import dev.orderlog.platform.console.ConsolePages;
import dev.orderlog.platform.web.PrintableText;
import dev.orderlog.platform.web.RequestMetadata;
import dev.orderlog.platform.web.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
import java.util.Set;

/**
 * The console's dead letters: the shipment reports that failed, newest first, with why; and sending one back to
 * {@code warehouse.shipments.v1} for another try once its cause is fixed (the order it names is now awaiting shipment,
 * say). Each re-drive is recorded in the operator log with the operator's note once Kafka has taken it; one that Kafka
 * did not take is not recorded, and may be tried again. A report sent twice is still handled once (its message id is
 * its idempotency key).
 */
@Path("/console/dead-letters")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.ADMIN)
public class DeadLetterConsole {
    static final String REDRIVE = "dead-letter.redrive";
    private static final int SHOWN = 100;
    private static final int MAX_NOTE = 500;

    /** A dead letter as the page shows it: whether an operator has sent it back already. */
    public record Row(DeadLetters.DeadLetter letter, boolean redriven) {}

    @CheckedTemplate(basePath = "console/deadLetters")
    static class Pages {
        static native TemplateInstance list(String topic, List<Row> letters);
    }

    private final DeadLetters deadLetters;
    private final OperatorLog operatorLog;
    private final RequestMetadata request;

    public DeadLetterConsole(DeadLetters deadLetters, OperatorLog operatorLog, RequestMetadata request) {
        this.deadLetters = deadLetters;
        this.operatorLog = operatorLog;
        this.request = request;
    }

    @GET
    public TemplateInstance list() {
        Set<DeadLetters.Where> redriven = deadLetters.redriven();
        return Pages.list(
                deadLetters.topic(),
                deadLetters.newest(SHOWN).stream()
                        .map(letter -> new Row(
                                letter, redriven.contains(new DeadLetters.Where(letter.partition(), letter.offset()))))
                        .toList());
    }

    @GET
    @Path("{partition}/{offset}/redrive")
    public TemplateInstance confirmRedrive(
            @PathParam("partition") @Min(0) @Max(10_000) int partition, @PathParam("offset") @Min(0) long offset) {
        DeadLetters.DeadLetter letter = existing(partition, offset);
        return Confirmation.pageWithNote(
                "Send the report at " + letter.target(deadLetters.topic()) + " back to the warehouse topic",
                "It failed with: " + letter.reason() + ". Say what changed, so it should succeed now.",
                "/console/dead-letters/" + partition + "/" + offset + "/redrive",
                "/console/dead-letters");
    }

    @POST
    @Path("{partition}/{offset}/redrive")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response redrive(
            @PathParam("partition") @Min(0) @Max(10_000) int partition,
            @PathParam("offset") @Min(0) long offset,
            @FormParam("confirmed") String confirmed,
            @FormParam("note") String note) {
        Confirmation.require(confirmed);
        if (note == null || note.isBlank() || note.length() > MAX_NOTE || !PrintableText.isLines(note)) {
            throw new BadRequestException("A note of 1 to " + MAX_NOTE + " characters of printable text is required");
        }
        DeadLetters.DeadLetter letter = existing(partition, offset);
        deadLetters.redrive(letter, note.strip());
        operatorLog.record(REDRIVE, letter.target(deadLetters.topic()), note.strip(), request);
        return ConsolePages.seeOther("/console/dead-letters");
    }

    private DeadLetters.DeadLetter existing(int partition, long offset) {
        return deadLetters
                .at(partition, offset)
                .orElseThrow(() -> new NotFoundException("No dead letter at " + partition + ":" + offset));
    }
}
