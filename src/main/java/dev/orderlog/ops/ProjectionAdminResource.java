package dev.orderlog.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.readmodel.Projection;
import dev.orderlog.readmodel.ProjectionRunner;
import dev.orderlog.readmodel.ReadModelRebuild;
import dev.orderlog.readmodel.ProjectionWorker;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.KurrentDBPersistentSubscriptionsClient;
import io.kurrent.dbclient.PersistentSubscriptionToAllInfo;
import io.kurrent.dbclient.ReadStreamOptions;
import io.kurrent.dbclient.RecordedEvent;
import io.kurrent.dbclient.ResolvedEvent;
import io.kurrent.dbclient.StreamNotFoundException;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.jboss.logging.Logger;

/** Operations on the projections: their state and lag, their parked events, and replaying those. */
@Path("/admin/projections")
@Produces(MediaType.APPLICATION_JSON)
public class ProjectionAdminResource {
    private static final Logger LOG = Logger.getLogger(ProjectionAdminResource.class);

    public record Lag(long events, double seconds) {
    }

    public record ProjectionStatus(String name, ProjectionWorker.State worker, Lag lag, long parked) {
    }

    public record ParkedEvent(long parkedRevision, String stream, long revision, String type, Instant recordedAt, String reason) {
    }

    private final ProjectionRunner runner;
    private final ReadModelRebuild rebuild;
    private final Instance<Projection> projections;
    private final KurrentDBClient client;
    private final KurrentDBPersistentSubscriptionsClient subscriptions;
    private final ObjectMapper json;

    public ProjectionAdminResource(ProjectionRunner runner, ReadModelRebuild rebuild, Instance<Projection> projections,
                                   KurrentDBClient client, ObjectMapper json) {
        this.runner = runner;
        this.rebuild = rebuild;
        this.projections = projections;
        this.client = client;
        this.subscriptions = KurrentDBPersistentSubscriptionsClient.from(client);
        this.json = json;
    }

    @GET
    public List<ProjectionStatus> projections() throws ExecutionException, InterruptedException {
        List<ProjectionStatus> statuses = new ArrayList<>();
        for (Map.Entry<String, ProjectionWorker.State> entry : runner.states().entrySet()) {
            statuses.add(status(entry.getKey(), entry.getValue()));
        }
        return statuses;
    }

    /** Parked events with the reason the server recorded, oldest first. */
    @GET
    @Path("{name}/parked")
    public List<ParkedEvent> parked(@PathParam("name") String name) throws ExecutionException, InterruptedException {
        requireProjection(name);
        List<ParkedEvent> parked = new ArrayList<>();
        for (RecordedEvent link : read(parkedStream(name))) {
            String[] target = new String(link.getEventData(), StandardCharsets.UTF_8).split("@", 2);
            if (target.length != 2) {
                continue;
            }
            long revision = Long.parseLong(target[0]);
            List<RecordedEvent> original = readOne(target[1], revision);
            parked.add(new ParkedEvent(link.getRevision(), target[1], revision,
                    original.isEmpty() ? null : original.getFirst().getEventType(),
                    original.isEmpty() ? null : original.getFirst().getCreated(), reasonOf(link)));
        }
        return parked;
    }

    /** Sends every parked event of the projection back through its subscription. */
    @POST
    @Path("{name}/parked/replay")
    public Response replayParked(@PathParam("name") String name) throws ExecutionException, InterruptedException {
        requireProjection(name);
        subscriptions.replayParkedMessagesToAll(name).get();
        LOG.infof("Replaying the parked events of projection %s", name);
        return Response.accepted().build();
    }

    /**
     * Rebuilds the read model from the start of the log into fresh tables and switches over when caught up; queries
     * are served from the old tables meanwhile. Progress shows under {@code GET .../rebuild}.
     */
    @POST
    @Path("{name}/rebuild")
    public Response startRebuild(@PathParam("name") String name) {
        Projection projection = projections.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new NotFoundException("No projection named " + name));
        if (!rebuild.start(projection)) {
            throw new WebApplicationException("A rebuild is already running", Response.Status.CONFLICT);
        }
        return Response.accepted(rebuild.progress()).build();
    }

    @GET
    @Path("{name}/rebuild")
    public ReadModelRebuild.Progress rebuildProgress(@PathParam("name") String name) {
        ReadModelRebuild.Progress progress = rebuild.progress();
        if (progress == null || !progress.projection().equals(name)) {
            throw new NotFoundException("No rebuild of " + name + " has run");
        }
        return progress;
    }

    private ProjectionStatus status(String name, ProjectionWorker.State state) throws ExecutionException, InterruptedException {
        PersistentSubscriptionToAllInfo info = subscriptions.getInfoToAll(name).get().orElse(null);
        if (info == null) {
            return new ProjectionStatus(name, state, new Lag(0, 0), 0);
        }
        var stats = info.getStats();
        long behind = stats.getLiveBufferCount() + stats.getRetryBufferCount() + stats.getTotalInFlightMessages() + state.queued();
        double seconds = behind == 0 || state.lastRecordedAt() == null ? 0
                : Math.max(0, Duration.between(state.lastRecordedAt(), Instant.now()).toMillis() / 1000.0);
        return new ProjectionStatus(name, state, new Lag(behind, seconds), stats.getParkedMessageCount());
    }

    private void requireProjection(String name) {
        if (!runner.states().containsKey(name)) {
            throw new NotFoundException("No projection named " + name);
        }
    }

    private String reasonOf(RecordedEvent link) {
        try {
            JsonNode metadata = json.readTree(link.getUserMetadata());
            return metadata == null ? null : metadata.path("reason").asText(null);
        } catch (IOException unreadable) {
            return null;
        }
    }

    private static String parkedStream(String group) {
        return "$persistentsubscription-$all::" + group + "-parked";
    }

    private List<RecordedEvent> read(String stream) throws ExecutionException, InterruptedException {
        return readWith(stream, ReadStreamOptions.get().forwards().fromStart());
    }

    private List<RecordedEvent> readOne(String stream, long revision) throws ExecutionException, InterruptedException {
        return readWith(stream, ReadStreamOptions.get().forwards().fromRevision(revision).maxCount(1));
    }

    private List<RecordedEvent> readWith(String stream, ReadStreamOptions options) throws ExecutionException, InterruptedException {
        try {
            return client.readStream(stream, options).get().getEvents().stream().map(ResolvedEvent::getOriginalEvent).toList();
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof StreamNotFoundException) {
                return List.of();
            }
            throw failed;
        }
    }
}
