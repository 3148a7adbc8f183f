package dev.orderlog.fulfilment.process;

import dev.orderlog.fulfilment.Fulfilment;
import dev.orderlog.fulfilment.FulfilmentDecider;
import dev.orderlog.fulfilment.FulfilmentInput;
import dev.orderlog.fulfilment.Fulfilments;
import dev.orderlog.payment.PaymentNotification;
import dev.orderlog.platform.command.CommandContext;
import dev.orderlog.platform.tracing.EventTracing;
import dev.orderlog.platform.web.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Verified payment webhooks become inputs of the instance of their order; the webhook's id is their cause. */
@ApplicationScoped
public class PaymentWebhooks {
    private final FulfilmentProcess process;
    private final Fulfilments fulfilments;
    private final EventTracing tracing;

    public PaymentWebhooks(FulfilmentProcess process, Fulfilments fulfilments, EventTracing tracing) {
        this.process = process;
        this.fulfilments = fulfilments;
        this.tracing = tracing;
    }

    void on(@Observes PaymentNotification notification) {
        if (!notification.orderId().matches(Ids.PATTERN)) {
            return;
        }
        Fulfilment state = fulfilments.current(notification.orderId()).state();
        if (state instanceof Fulfilment.NotStarted) {
            return;
        }
        FulfilmentInput input = switch (notification) {
            case PaymentNotification.ChargeApproved approved ->
                new FulfilmentInput.Payment.ChargeApproved(approved.chargeId());
            case PaymentNotification.ChargeDeclined declined ->
                new FulfilmentInput.Payment.ChargeDeclined(declined.reason());
            case PaymentNotification.Refunded refunded ->
                new FulfilmentInput.Payment.Refunded(refunded.chargeId(), refunded.refundId());
        };
        String correlation = FulfilmentDecider.jobOf(state).correlationId();
        // The provider's request carries no trace of ours: the step it answers is found in the instance's last event.
        tracing.resume("payment webhook", () -> fulfilments.lastTrace(notification.orderId()), () -> {
            process.record(
                    notification.orderId(),
                    input,
                    CommandContext.correlated(correlation)
                            .causedBy("webhook:" + notification.id())
                            .actedBy(FulfilmentProcess.ACTOR));
            process.driveSoon(notification.orderId());
            return input;
        });
    }
}
