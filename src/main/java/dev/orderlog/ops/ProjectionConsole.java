package dev.orderlog.ops;

import dev.orderlog.platform.audit.OperatorLog;
import dev.orderlog.platform.console.Confirmation;
import dev.orderlog.platform.console.ConsolePages;
import dev.orderlog.platform.kurrentdb.EventStoreUnavailable;
import dev.orderlog.platform.projection.Projection;
import dev.orderlog.platform.projection.ProjectionRunner;
import dev.orderlog.platform.projection.ProjectionStatus;
import dev.orderlog.platform.projection.ReadModelRebuild;
import dev.orderlog.platform.projection.RebuildProgress;
import dev.orderlog.platform.subscription.ParkedEvent;
import dev.orderlog.platform.web.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.RawString;
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
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

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
        static native TemplateInstance list(
                List<ProjectionStatus> projections,
                Instant asOf,
                String instance,
                RawString lagChart,
                Optional<List<OperatorLog.Entry>> actions);

        static native TemplateInstance list$figures(
                List<ProjectionStatus> projections, Instant asOf, String instance, RawString lagChart);

        static native TemplateInstance detail(
                ProjectionStatus projection,
                List<ParkedEvent> parked,
                Optional<RebuildProgress> rebuild,
                Instant asOf,
                String done);

        static native TemplateInstance detail$live(
                ProjectionStatus projection, List<ParkedEvent> parked, Optional<RebuildProgress> rebuild, Instant asOf);
    }

    private final ProjectionRunner runner;
    private final ProjectionLagHistory lagHistory;
    private final ReadModelRebuild rebuild;
    private final ProjectionRepairs repairs;
    private final OperatorLog operatorLog;

    /** Which replica served the page (its consumer's figures are its own, the group's lag is everyone's); the host's name if not set. */
    @ConfigProperty(name = "orderlog.console.instance")
    Optional<String> instance;

    public ProjectionConsole(
            ProjectionRunner runner,
            ReadModelRebuild rebuild,
            ProjectionRepairs repairs,
            OperatorLog operatorLog,
            ProjectionLagHistory lagHistory) {
        this.runner = runner;
        this.lagHistory = lagHistory;
        this.rebuild = rebuild;
        this.repairs = repairs;
        this.operatorLog = operatorLog;
    }

    @GET
    public Response home() {
        return ConsolePages.seeOther("/console/projections");
    }

    @GET
    @Path("projections")
    public TemplateInstance projections() {
        return Pages.list(runner.statuses(), Instant.now(), instanceName(), lagHistory.chart(), recentActions());
    }

    /** The figures alone, for the page to refresh itself with. */
    @GET
    @Path("projections/figures")
    public TemplateInstance figures() {
        return Pages.list$figures(runner.statuses(), Instant.now(), instanceName(), lagHistory.chart());
    }

    @GET
    @Path("projections/{name}")
    public TemplateInstance projection(@PathParam("name") String name, @QueryParam("done") String done) {
        Projection projection = repairs.named(name);
        return Pages.detail(
                status(projection),
                runner.groups().parked(projection.name()),
                rebuild.progress(projection.name()),
                Instant.now(),
                done == null ? "" : done);
    }

    @GET
    @Path("projections/{name}/live")
    public TemplateInstance live(@PathParam("name") String name) {
        Projection projection = repairs.named(name);
        return Pages.detail$live(
                status(projection),
                runner.groups().parked(projection.name()),
                rebuild.progress(projection.name()),
                Instant.now());
    }

    @GET
    @Path("projections/{name}/replay")
    public TemplateInstance confirmReplay(@PathParam("name") String name) {
        Projection projection = repairs.named(name);
        return Confirmation.page(
                "Replay parked events of " + projection.name(),
                "Every event parked for " + projection.name()
                        + " goes back through its subscription. Events that still fail are parked again.",
                "/console/projections/" + projection.name() + "/replay",
                detailPage(projection));
    }

    @POST
    @Path("projections/{name}/replay")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response replay(@PathParam("name") String name, @FormParam("confirmed") String confirmed)
            throws ExecutionException, InterruptedException {
        Projection projection = repairs.named(name);
        Confirmation.require(confirmed);
        repairs.replayParked(projection);
        return ConsolePages.seeOther(detailPage(projection) + "?done=replay");
    }

    @GET
    @Path("projections/{name}/rebuild")
    public TemplateInstance confirmRebuild(@PathParam("name") String name) {
        Projection projection = repairs.named(name);
        return Confirmation.page(
                "Rebuild " + projection.name(),
                "The read model is built again from the start of the log into fresh tables and switched over when caught up; queries use the current tables meanwhile.",
                "/console/projections/" + projection.name() + "/rebuild",
                detailPage(projection));
    }

    @POST
    @Path("projections/{name}/rebuild")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response startRebuild(@PathParam("name") String name, @FormParam("confirmed") String confirmed)
            throws SQLException {
        Projection projection = repairs.named(name);
        Confirmation.require(confirmed);
        boolean started = repairs.rebuild(projection);
        return ConsolePages.seeOther(detailPage(projection) + (started ? "?done=rebuild" : "?done=rebuild-running"));
    }

    private String instanceName() {
        return instance.orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException unnamed) {
                return "unnamed";
            }
        });
    }

    /** The page is most needed when something is down: without KurrentDB it shows the figures it has, without the log. */
    private Optional<List<OperatorLog.Entry>> recentActions() {
        try {
            return Optional.of(operatorLog.recent(RECENT_ACTIONS));
        } catch (EventStoreUnavailable unavailable) {
            return Optional.empty();
        }
    }

    private ProjectionStatus status(Projection projection) {
        return runner.status(projection.name())
                .orElseThrow(() ->
                        new NotFoundException("Projection " + projection.name() + " does not run in this instance"));
    }

    private static String detailPage(Projection projection) {
        return "/console/projections/" + projection.name();
    }
}
