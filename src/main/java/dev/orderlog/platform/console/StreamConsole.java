package dev.orderlog.platform.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.platform.kurrentdb.StreamReads;
import dev.orderlog.platform.web.Roles;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.RecordedEvent;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Any stream's newest events with their metadata: where the causes of an order's events are read (fulfilment, stock). */
@Path("/console/streams")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.ADMIN)
public class StreamConsole {
    /** Application streams only: system streams ($...) are KurrentDB's own. */
    static final String STREAM_NAME = "[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}";

    private static final int NEWEST = 200;

    /** One event as the page shows it: its metadata read generically, its data as the JSON it was written as. */
    public record Shown(
            long revision,
            String type,
            Instant recordedAt,
            String correlationId,
            Optional<Cause> cause,
            String actor,
            String data) {}

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance stream(String stream, List<Shown> events, int newest);
    }

    private final StreamReads reads;
    private final ObjectMapper json;

    public StreamConsole(KurrentDBClient client, ObjectMapper json) {
        this.reads = new StreamReads(client);
        this.json = json;
    }

    @GET
    @Path("{stream}")
    public TemplateInstance stream(@PathParam("stream") @Pattern(regexp = STREAM_NAME) String stream) {
        return Templates.stream(
                stream, reads.newest(stream, NEWEST).stream().map(this::shown).toList(), NEWEST);
    }

    private Shown shown(RecordedEvent event) {
        JsonNode metadata = readOrEmpty(event.getUserMetadata());
        return new Shown(
                event.getRevision(),
                event.getEventType(),
                event.getCreated(),
                metadata.path("correlationId").asText(""),
                Cause.of(metadata.path("causationId").asText("")),
                metadata.path("actor").asText(""),
                pretty(event.getEventData()));
    }

    private JsonNode readOrEmpty(byte[] bytes) {
        try {
            return bytes == null || bytes.length == 0 ? json.createObjectNode() : json.readTree(bytes);
        } catch (IOException notJson) {
            return json.createObjectNode();
        }
    }

    private String pretty(byte[] data) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(data));
        } catch (IOException notJson) {
            return new String(data, StandardCharsets.UTF_8);
        }
    }
}
