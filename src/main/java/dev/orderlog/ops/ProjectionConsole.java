package dev.orderlog.ops;

import dev.orderlog.platform.audit.OperatorLog;
import dev.orderlog.platform.console.Confirmation;
import dev.orderlog.platform.console.ConsolePages;
import dev.orderlog.platform.projection.Projection;
import dev.orderlog.platform.projection.ProjectionRunner;
import dev.orderlog.platform.projection.ProjectionStatus;
import dev.orderlog.platform.projection.ReadModelRebuild;
import dev.orderlog.platform.projection.RebuildProgress;
import dev.orderlog.platform.subscription.ParkedEvent;
import dev.orderlog.platform.web.RequestMetadata;
import dev.orderlog.platform.web.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * The console's projection pages: every projection with its status, lag and parked count (refreshed live), one
 * projection's parked events and rebuild, and the confirmed, recorded actions on them.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.ADMIN)
public class ProjectionConsole {
    private static final int RECENT_ACTIONS = 20;

    @CheckedTemplate(basePath = "console/projections")
    static class Pages {
        static native TemplateInstance list(List<ProjectionStatus> projections, Instant asOf, List<OperatorLog.Entry> actions);

        static native TemplateInstance list$figures(List<ProjectionStatus> projections, Instant asOf);

        static native TemplateInstance detail(ProjectionStatus projection, List<ParkedEvent> parked, Optional<RebuildProgress> rebuild, String done);

        static native TemplateInstance detail$live(ProjectionStatus projection, List<ParkedEvent> parked, Optional<RebuildProgress> rebuild);
    }

    private final ProjectionRunner runner;
    private final ReadModelRebuild rebuild;
    private final OperatorLog operatorLog;
    private final RequestMetadata request;

    public ProjectionConsole(ProjectionRunner runner, ReadModelRebuild rebuild, OperatorLog operatorLog, RequestMetadata request) {
        this.runner = runner;
        this.rebuild = rebuild;
        this.operatorLog = operatorLog;
        this.request = request;
    }

    @GET
    public Response home() {
        return ConsolePages.seeOther("/console/projections");
    }

    @GET
    @Path("projections")
    public TemplateInstance projections() {
        return Pages.list(runner.statuses(), Instant.now(), operatorLog.recent(RECENT_ACTIONS));
    }

    /** The figures alone, for the page to refresh itself with. */
    @GET
    @Path("projections/figures")
    public TemplateInstance figures() {
        return Pages.list$figures(runner.statuses(), Instant.now());
    }

    @GET
    @Path("projections/{name}")
    public TemplateInstance projection(@PathParam("name") String name, @QueryParam("done") String done) {
        Projection projection = projectionNamed(name);
        return Pages.detail(status(projection), runner.groups().parked(projection.name()), rebuild.progress(projection.name()),
                done == null ? "" : done);
    }

    @GET
    @Path("projections/{name}/live")
    public TemplateInstance live(@PathParam("name") String name) {
        Projection projection = projectionNamed(name);
        return Pages.detail$live(status(projection), runner.groups().parked(projection.name()), rebuild.progress(projection.name()));
    }

    @GET
    @Path("projections/{name}/replay")
    public TemplateInstance confirmReplay(@PathParam("name") String name) {
        Projection projection = projectionNamed(name);
        return Confirmation.page("Replay parked events of " + projection.name(),
                "Every event parked for " + projection.name() + " goes back through its subscription. Events that still fail are parked again.",
                "/console/projections/" + projection.name() + "/replay", detailPage(projection), false);
    }

    @POST
    @Path("projections/{name}/replay")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response replay(@PathParam("name") String name, @FormParam("confirmed") String confirmed)
            throws ExecutionException, InterruptedException {
        Projection projection = projectionNamed(name);
        Confirmation.require(confirmed);
        operatorLog.record("replay parked events of", projection.name(), request);
        runner.groups().replayParked(projection.name());
        return ConsolePages.seeOther(detailPage(projection) + "?done=replay");
    }

    @GET
    @Path("projections/{name}/rebuild")
    public TemplateInstance confirmRebuild(@PathParam("name") String name) {
        Projection projection = projectionNamed(name);
        return Confirmation.page("Rebuild " + projection.name(),
                "The read model is built again from the start of the log into fresh tables and switched over when caught up; queries use the current tables meanwhile.",
                "/console/projections/" + projection.name() + "/rebuild", detailPage(projection), false);
    }

    @POST
    @Path("projections/{name}/rebuild")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response startRebuild(@PathParam("name") String name, @FormParam("confirmed") String confirmed) throws SQLException {
        Projection projection = projectionNamed(name);
        Confirmation.require(confirmed);
        operatorLog.record("rebuild", projection.name(), request);
        boolean started = rebuild.start(projection);
        return ConsolePages.seeOther(detailPage(projection) + (started ? "?done=rebuild" : "?done=rebuild-running"));
    }

    private ProjectionStatus status(Projection projection) {
        return runner.statuses().stream().filter(status -> status.name().equals(projection.name())).findFirst()
                .orElseThrow(() -> new NotFoundException("Projection " + projection.name() + " does not run in this instance"));
    }

    private Projection projectionNamed(String name) {
        return runner.projection(name).orElseThrow(() -> new NotFoundException("No projection named " + name));
    }

    private static String detailPage(Projection projection) {
        return "/console/projections/" + projection.name();
    }
}
