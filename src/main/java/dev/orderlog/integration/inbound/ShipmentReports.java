package dev.orderlog.integration.inbound;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.orderlog.fulfilment.Shipment;
import dev.orderlog.fulfilment.process.FulfilmentProcess;
import dev.orderlog.platform.command.CommandContext;
import dev.orderlog.platform.command.IdempotencyKeyReused;
import dev.orderlog.platform.command.RuleViolation;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * Handles one shipment report with the same effect as the warehouse's HTTP confirmation. The message id is the
 * command's idempotency key, so a redelivered report changes nothing a second time. A failure is retried with backoff
 * for up to a minute; a report that cannot be read, that the order's rules refuse, or that reuses a message id for
 * another shipment, is not retried: it would fail the same way.
 */
@ApplicationScoped
public class ShipmentReports {
    public static final String ACTOR = "warehouse-system";

    private final FulfilmentProcess process;
    private final ObjectReader reports;

    public ShipmentReports(FulfilmentProcess process, ObjectMapper json) {
        this.process = process;
        this.reports = WarehouseShipmentReported.reader(json);
    }

    // Up to a minute, so a store restarting does not send every report of that minute to the dead letters.
    @Retry(
            maxRetries = 12,
            delay = 200,
            jitter = 50,
            maxDuration = 60_000,
            abortOn = {WarehouseShipmentReported.Unreadable.class, RuleViolation.class, IdempotencyKeyReused.class})
    @ExponentialBackoff(maxDelay = 5_000)
    public WarehouseShipmentReported handle(String payload) {
        WarehouseShipmentReported report = WarehouseShipmentReported.parse(payload, reports);
        CommandContext context = CommandContext.correlated(report.messageId())
                .causedBy(causationOf(report))
                .actedBy(ACTOR)
                .keyedBy("warehouse.shipments.v1 " + report.messageId(), CommandContext.fingerprintOf(report));
        process.confirmShipment(report.orderId(), new Shipment(report.trackingNumber(), report.carrier()), context);
        return report;
    }

    /** The report as the cause of what it leads to: an id derived from the warehouse's message id. */
    private static String causationOf(WarehouseShipmentReported report) {
        return UUID.nameUUIDFromBytes(report.messageId().getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
