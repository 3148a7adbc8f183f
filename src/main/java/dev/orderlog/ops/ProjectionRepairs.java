package dev.orderlog.ops;

import dev.orderlog.platform.audit.OperatorLog;
import dev.orderlog.platform.projection.Projection;
import dev.orderlog.platform.projection.ProjectionRunner;
import dev.orderlog.platform.projection.ReadModelRebuild;
import dev.orderlog.platform.projection.RebuildState;
import dev.orderlog.platform.web.RequestMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import java.sql.SQLException;
import java.util.concurrent.ExecutionException;

/** What an operator does to a projection, from the API or the console alike: recorded in the operator log, then done. */
@ApplicationScoped
class ProjectionRepairs {
    private final ProjectionRunner runner;
    private final ReadModelRebuild rebuild;
    private final OperatorLog operatorLog;
    private final RequestMetadata request;

    ProjectionRepairs(
            ProjectionRunner runner, ReadModelRebuild rebuild, OperatorLog operatorLog, RequestMetadata request) {
        this.runner = runner;
        this.rebuild = rebuild;
        this.operatorLog = operatorLog;
        this.request = request;
    }

    Projection named(String name) {
        return runner.projection(name).orElseThrow(() -> new NotFoundException("No projection named " + name));
    }

    /** Sends every parked event of the projection back through its subscription. */
    void replayParked(Projection projection) throws ExecutionException, InterruptedException {
        operatorLog.record("replay parked events of", projection.name(), request);
        runner.groups().replayParked(projection.name());
    }

    /**
     * Starts a rebuild; false when one is already running, here or on another replica. One seen running is refused
     * without a record; one started by another replica in the same instant is recorded, then refused by the claim.
     */
    boolean rebuild(Projection projection) throws SQLException {
        if (rebuild.progress(projection.name())
                .filter(progress -> progress.state() == RebuildState.REBUILDING)
                .isPresent()) {
            return false;
        }
        operatorLog.record("rebuild", projection.name(), request);
        return rebuild.start(projection);
    }
}
