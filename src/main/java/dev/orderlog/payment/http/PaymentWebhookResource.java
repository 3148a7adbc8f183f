package dev.orderlog.payment.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.payment.PaymentNotification;
import dev.orderlog.payment.PaymentSettings;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.event.Event;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The provider's webhooks, authenticated by their signature rather than a token ({@link WebhookSignature}: the time and
 * the body under HMAC-SHA256 with the shared secret, in {@code X-Signature: t=<unix seconds>,v1=<hex>}). A missing,
 * wrong, stale or future signature is 401 and nothing happens; a verified one is handed on; the same notification again
 * changes nothing there (what it says is already recorded).
 */
@Path("/webhooks/payments")
@PermitAll
public class PaymentWebhookResource {
    public static final String SIGNATURE_HEADER = "X-Signature";
    private static final Logger LOG = Logger.getLogger(PaymentWebhookResource.class);
    private static final int MAX_REASON = 200;
    private final PaymentSettings settings;
    private final ObjectMapper json;
    private final Event<PaymentNotification> notifications;
    private final WebhookRefusals refused;

    public PaymentWebhookResource(
            PaymentSettings settings,
            ObjectMapper json,
            Event<PaymentNotification> notifications,
            WebhookRefusals refused) {
        this.settings = settings;
        this.json = json;
        this.notifications = notifications;
        this.refused = refused;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response receive(byte[] body, @HeaderParam(SIGNATURE_HEADER) String signature) {
        if (!WebhookSignature.verifies(signature, body, settings.webhookSecret(), Instant.now())) {
            refused.count();
            throw new NotAuthorizedException(
                    "The webhook's signature is missing, wrong, or not of the last "
                            + WebhookSignature.MAX_AGE.toMinutes() + " minutes",
                    "HMAC-SHA256");
        }
        parse(body)
                .ifPresentOrElse(
                        notification -> {
                            LOG.infof("Payment webhook %s for order %s", notification.id(), notification.orderId());
                            notifications.fire(notification);
                        },
                        () -> LOG.debugf("Payment webhook of a type not acted on"));
        return Response.noContent().build();
    }

    /** Empty for the types a provider may send that nothing here acts on (they are acknowledged all the same). */
    private Optional<PaymentNotification> parse(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            String id = required(node, "id");
            String orderId = required(node, "orderId");
            String chargeId = required(node, "chargeId");
            return switch (required(node, "type")) {
                case "charge.approved" -> Optional.of(new PaymentNotification.ChargeApproved(id, orderId, chargeId));
                case "charge.declined" ->
                    Optional.of(new PaymentNotification.ChargeDeclined(id, orderId, chargeId, reason(node)));
                case "refund.succeeded" ->
                    Optional.of(new PaymentNotification.Refunded(id, orderId, chargeId, required(node, "refundId")));
                default -> Optional.empty();
            };
        } catch (IOException unreadable) {
            throw new BadRequestException("The webhook body is not JSON");
        }
    }

    /** The provider's words, cut to a length a cancellation reason can carry. */
    private static String reason(JsonNode node) {
        String reason = node.path("reason").asText("declined");
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON);
    }

    private static String required(JsonNode node, String field) {
        if (!node.hasNonNull(field) || node.path(field).asText().isBlank()) {
            throw new BadRequestException("The webhook has no " + field);
        }
        return node.path(field).asText();
    }
}
