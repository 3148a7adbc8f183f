package dev.orderlog.fulfilment;

import dev.orderlog.platform.command.Aggregates;
import dev.orderlog.platform.command.CommandContext;
import dev.orderlog.platform.command.CommandPipeline;
import dev.orderlog.platform.command.EventCodec.EventType;
import dev.orderlog.platform.command.ExpectedRevision;
import dev.orderlog.platform.kurrentdb.StreamCategory;
import dev.orderlog.platform.tracing.TraceParent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Fulfilment instances wired to KurrentDB: one stream per order, {@code fulfilment-<orderId>}, its inbox and its log. */
@Startup
@ApplicationScoped
public class Fulfilments {
    private static final Logger LOG = Logger.getLogger(Fulfilments.class);
    public static final StreamCategory STREAMS = new StreamCategory("fulfilment");
    /** 2: compensation names the payment to undo and the stock it holds; older snapshots are replayed instead. */
    public static final int SNAPSHOT_SCHEMA_VERSION = 2;

    public static final List<EventType<FulfilmentEvent>> EVENT_TYPES = EventType.allOf(FulfilmentEvent.class);

    private final CommandPipeline<FulfilmentInput, Fulfilment, FulfilmentEvent> pipeline;

    private final Timer placedToShipmentRequested;

    public Fulfilments(Aggregates aggregates, FulfilmentSettings settings, MeterRegistry metrics) {
        this.placedToShipmentRequested = Timer.builder("orderlog.fulfilment.placed.to.shipment.requested")
                .description("From an order's fulfilment starting (its placement) to its shipment being requested")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofHours(2))
                .register(metrics);
        this.pipeline = aggregates.pipeline(new Aggregates.AggregateType<>(
                STREAMS,
                new FulfilmentDecider(settings.paymentTimeout(), settings.shipmentTimeout()).decider(),
                Fulfilment.class,
                SNAPSHOT_SCHEMA_VERSION,
                EVENT_TYPES));
    }

    /** Records the input (with the expected revision; a conflict decides again on what is stored) and returns the state after it. */
    public CommandPipeline.Outcome<Fulfilment, FulfilmentEvent> record(
            String orderId, FulfilmentInput input, CommandContext context) {
        CommandPipeline.Outcome<Fulfilment, FulfilmentEvent> recorded =
                pipeline.handle(orderId, input, context, ExpectedRevision.ANY);
        if (!recorded.repeated()) {
            recorded.events().stream()
                    .filter(FulfilmentEvent.ShipmentRequested.class::isInstance)
                    .findFirst()
                    .ifPresent(requested -> timeSincePlacement(orderId, requested.at()));
        }
        return recorded;
    }

    /**
     * Timed from the instance's first event, recorded as the process takes the order placed (milliseconds after its
     * placement). A metric only: when the read fails, this one is not timed and the step goes on.
     */
    private void timeSincePlacement(String orderId, Instant shipmentRequested) {
        try {
            pipeline.first(orderId)
                    .ifPresent(started -> placedToShipmentRequested.record(
                            Duration.between(started.event().at(), shipmentRequested)));
        } catch (RuntimeException unread) {
            LOG.debugf("Time to shipment of %s not measured: %s", orderId, unread.toString());
        }
    }

    public CommandPipeline.Loaded<Fulfilment> current(String orderId) {
        return pipeline.load(orderId);
    }

    /** The trace of the instance's last step: a provider's webhook answering it continues that trace. */
    public Optional<TraceParent> lastTrace(String orderId) {
        try {
            return pipeline.lastTrace(orderId);
        } catch (RuntimeException unread) {
            // A trace is worth no failure: the work goes on in a trace of its own.
            LOG.debugf("Trace of %s not read: %s", orderId, unread.toString());
            return Optional.empty();
        }
    }

    public List<CommandPipeline.Recorded<FulfilmentEvent>> history(String orderId) {
        return pipeline.history(orderId);
    }
}
