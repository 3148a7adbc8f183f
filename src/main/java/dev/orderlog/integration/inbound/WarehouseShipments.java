package dev.orderlog.integration.inbound;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
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

    /** A report is a few hundred bytes; anything past this is not one, and too big to dead-letter as it is. */
    static final int MAX_REPORT_CHARS = 64 * 1024;
    /** An order id is a UUID; a key past this is not one, and is dead-lettered cut short with its report. */
    static final int MAX_KEY_CHARS = 1024;

    private final ShipmentReports reports;
    private final DeadLetters deadLetters;

    public WarehouseShipments(ShipmentReports reports, DeadLetters deadLetters) {
        this.reports = reports;
        this.deadLetters = deadLetters;
    }

    @Incoming(CHANNEL)
    @Blocking(ordered = false)
    public CompletionStage<Void> reported(Message<String> message) {
        String payload = message.getPayload();
        String key = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(record -> record.getKey() == null ? null : record.getKey().toString())
                .orElse(null);
        boolean oversizedReport = payload != null && payload.length() > MAX_REPORT_CHARS;
        boolean oversizedKey = key != null && key.length() > MAX_KEY_CHARS;
        if (oversizedReport || oversizedKey) {
            // Dead-lettered cut short: whole, it would not fit the dead-letter topic, and the channel stops on a dead
            // letter it cannot write.
            String why = oversizedReport
                    ? "Not a shipment report: " + payload.length() + " characters, more than " + MAX_REPORT_CHARS
                    : "Not a shipment report: a key of " + key.length() + " characters, more than " + MAX_KEY_CHARS;
            try {
                deadLetters.deadLetter(cut(key, MAX_KEY_CHARS), cut(payload, MAX_REPORT_CHARS), why);
            } catch (RuntimeException notWritten) {
                // The channel's own dead-letter strategy is the last resort: it fits a report under 1 MB whole.
                return message.nack(notWritten);
            }
            LOG.warnf("A shipment report goes to the dead-letter topic, cut short: %s", why);
            return message.ack();
        }
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

    private static String cut(String text, int chars) {
        return text == null || text.length() <= chars ? text : text.substring(0, chars);
    }
}
