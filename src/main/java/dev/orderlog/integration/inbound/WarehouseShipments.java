package dev.orderlog.integration.inbound;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The warehouse's shipment reports from {@code warehouse.shipments.v1}. A report handled is acked; one that still
 * fails after {@link ShipmentReports}' retries is nacked, and the channel's dead-letter-queue strategy moves it to
 * {@code warehouse.shipments.v1.dlq} with its error, while the reports behind it flow on.
 */
@ApplicationScoped
public class WarehouseShipments {
    public static final String CHANNEL = "warehouse-shipments";
    private static final Logger LOG = Logger.getLogger(WarehouseShipments.class);

    private final ShipmentReports reports;

    public WarehouseShipments(ShipmentReports reports) {
        this.reports = reports;
    }

    @Incoming(CHANNEL)
    @Blocking(ordered = false)
    public CompletionStage<Void> reported(Message<String> message) {
        try {
            WarehouseShipmentReported report = reports.handle(message.getPayload());
            LOG.infof(
                    "Warehouse reported order %s shipped under %s (message %s)",
                    report.orderId(), report.trackingNumber(), report.messageId());
            return message.ack();
        } catch (RuntimeException failed) {
            LOG.warnf("A shipment report goes to the dead-letter topic: %s", failed.getMessage());
            return message.nack(failed);
        }
    }
}
