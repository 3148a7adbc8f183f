package dev.orderlog.payment.provider;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The provider's HTTP API as the REST client sees it. */
@RegisterRestClient(configKey = "payment-provider")
@RegisterProvider(ProviderErrors.class)
@Path("/v1")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface ProviderApi {

    record ChargeRequest(String orderId, String customerId, long amountMinor, String currency, String notifyUrl) {}

    /** status: approved, declined or pending. */
    record ChargeResponse(String chargeId, String status, String reason) {}

    record RefundRequest(String orderId, String chargeId, long amountMinor, String currency, String notifyUrl) {}

    /** status: refunded or refused. */
    record RefundResponse(String refundId, String status, String reason) {}

    @POST
    @Path("/charges")
    ChargeResponse charge(@HeaderParam("Idempotency-Key") String idempotencyKey, ChargeRequest request);

    /** The charge made under a key, if any (404 when there is none). */
    @GET
    @Path("/charges")
    ChargeResponse find(@QueryParam("idempotencyKey") String idempotencyKey);

    @POST
    @Path("/refunds")
    RefundResponse refund(@HeaderParam("Idempotency-Key") String idempotencyKey, RefundRequest request);
}
