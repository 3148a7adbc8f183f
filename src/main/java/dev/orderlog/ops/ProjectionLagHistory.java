package dev.orderlog.ops;

import dev.orderlog.platform.console.LineChart;
import dev.orderlog.platform.console.Samples;
import dev.orderlog.platform.projection.ProjectionRunner;
import dev.orderlog.platform.projection.ProjectionStatus;
import io.quarkus.qute.RawString;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/** Each projection's lag in seconds over the last minutes, as this instance measured it, for the console's chart. */
@ApplicationScoped
public class ProjectionLagHistory {
    static final Duration WINDOW = Duration.ofMinutes(10);
    private final ProjectionRunner runner;
    private final Samples lag = new Samples(WINDOW);

    public ProjectionLagHistory(ProjectionRunner runner) {
        this.runner = runner;
    }

    @Scheduled(
            every = "{orderlog.console.chart-sample-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sample() {
        Instant now = Instant.now();
        for (ProjectionStatus projection : runner.statuses()) {
            lag.add(
                    projection.name(),
                    now,
                    projection.lag().known() ? projection.lag().seconds() : Double.NaN);
        }
    }

    RawString chart() {
        return LineChart.of("projection-lag-chart", "Lag of each projection", "seconds", lag, Instant.now());
    }
}
