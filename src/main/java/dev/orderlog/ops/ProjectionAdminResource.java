package dev.orderlog.ops;

import dev.orderlog.platform.projection.Projection;
import dev.orderlog.platform.projection.ProjectionRunner;
import dev.orderlog.platform.projection.ProjectionStatus;
import dev.orderlog.platform.projection.ReadModelRebuild;
import dev.orderlog.platform.projection.RebuildProgress;
import dev.orderlog.platform.subscription.ParkedEvent;
import dev.orderlog.platform.web.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ExecutionException;

/** Operations on the projections: their state and lag, their parked events, replaying those, and rebuilds (both recorded in the operator log). */
@Path("/admin/projections")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class ProjectionAdminResource {
    private final ProjectionRunner runner;
    private final ReadModelRebuild rebuild;
    private final ProjectionRepairs repairs;

    public ProjectionAdminResource(ProjectionRunner runner, ReadModelRebuild rebuild, ProjectionRepairs repairs) {
        this.runner = runner;
        this.rebuild = rebuild;
        this.repairs = repairs;
    }

    @GET
    public List<ProjectionStatus> projections() {
        return runner.statuses();
    }

    /** Parked events with the reason the server recorded, oldest first. */
    @GET
    @Path("{name}/parked")
    public List<ParkedEvent> parked(@PathParam("name") String name) {
        return runner.groups().parked(repairs.named(name).name());
    }

    /** Sends every parked event of the projection back through its subscription. */
    @POST
    @Path("{name}/parked/replay")
    public Response replayParked(@PathParam("name") String name) throws ExecutionException, InterruptedException {
        repairs.replayParked(repairs.named(name));
        return Response.accepted().build();
    }

    /**
     * Rebuilds the read model from the start of the log into fresh tables and switches over when caught up; queries
     * are served from the old tables meanwhile. Progress shows under {@code GET .../rebuild}.
     */
    @POST
    @Path("{name}/rebuild")
    public Response startRebuild(@PathParam("name") String name) throws SQLException {
        Projection projection = repairs.named(name);
        if (!repairs.rebuild(projection)) {
            throw new WebApplicationException(
                    "A rebuild of " + name + " is already running, here or on another replica",
                    Response.Status.CONFLICT);
        }
        return Response.accepted(rebuild.progress(name).orElseThrow()).build();
    }

    @GET
    @Path("{name}/rebuild")
    public RebuildProgress rebuildProgress(@PathParam("name") String name) {
        return rebuild.progress(repairs.named(name).name())
                .orElseThrow(() -> new NotFoundException("No rebuild of " + name + " has run"));
    }
}
