package dev.orderlog.fulfilment.http;

import dev.orderlog.fulfilment.Fulfilment;
import dev.orderlog.fulfilment.FulfilmentInput;
import dev.orderlog.fulfilment.FulfilmentRuleViolation;
import dev.orderlog.fulfilment.Fulfilments;
import dev.orderlog.fulfilment.process.FulfilmentProcess;
import dev.orderlog.platform.audit.OperatorLog;
import dev.orderlog.platform.command.CommandContext;
import dev.orderlog.platform.command.CommandPipeline;
import dev.orderlog.platform.command.EventMetadata;
import dev.orderlog.platform.command.IdempotencyKeyReused;
import dev.orderlog.platform.web.RequestMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import java.util.Optional;

/**
 * What an operator does to an instance that needs one, from the API or the console alike: the action is recorded in
 * the operator log, then handed to the process as an input caused by the operator's request.
 */
@ApplicationScoped
class FulfilmentRepairs {
    /** The longest note an operator may leave with a repair. */
    static final int MAX_NOTE = 500;

    static final String RETRY = "Retrying compensation";
    static final String RESOLVE = "Marking it resolved";

    private final Fulfilments fulfilments;
    private final FulfilmentProcess process;
    private final OperatorLog operatorLog;
    private final RequestMetadata request;

    FulfilmentRepairs(
            Fulfilments fulfilments, FulfilmentProcess process, OperatorLog operatorLog, RequestMetadata request) {
        this.fulfilments = fulfilments;
        this.process = process;
        this.operatorLog = operatorLog;
        this.request = request;
    }

    /** The instance's state; an order whose fulfilment never started has none to show or repair. */
    Fulfilment started(String orderId) {
        Fulfilment state = fulfilments.current(orderId).state();
        if (state instanceof Fulfilment.NotStarted) {
            throw new NotFoundException("No fulfilment for order " + orderId);
        }
        return state;
    }

    /** Checks that the instance waits for an operator: at any other stage {@code what} is refused, and nothing is recorded. */
    void needingAttention(String orderId, String what) {
        Fulfilment state = started(orderId);
        if (!(state instanceof Fulfilment.NeedsAttention)) {
            throw FulfilmentRuleViolation.notAwaited(what, state);
        }
    }

    /** Compensation is tried again (a refund as a new attempt). */
    Fulfilment retry(String orderId, String note, Optional<String> idempotencyKey) {
        return act(
                orderId, RETRY, "retry the compensation of", new FulfilmentInput.Operator.Retry(note), idempotencyKey);
    }

    /** Settled outside the process (refunded by hand, say): the instance ends once the stock it holds is released. */
    Fulfilment resolve(String orderId, String note, Optional<String> idempotencyKey) {
        return act(
                orderId,
                RESOLVE,
                "mark resolved the fulfilment of",
                new FulfilmentInput.Operator.Resolve(note),
                idempotencyKey);
    }

    /**
     * Under an Idempotency-Key an action already recorded is not logged or taken again: the repeat answers with the
     * instance as it is now (a client retrying after a lost answer), whatever stage it has reached since.
     */
    private Fulfilment act(
            String orderId, String what, String action, FulfilmentInput input, Optional<String> idempotencyKey) {
        Optional<String> key = idempotencyKey.flatMap(request::callersKey);
        String fingerprint = CommandContext.fingerprintOf((Record) input);
        if (key.isPresent()) {
            Optional<EventMetadata> earlier = fulfilments.history(orderId).stream()
                    .map(CommandPipeline.Recorded::metadata)
                    .filter(metadata -> key.get().equals(metadata.idempotencyKey()))
                    .findFirst();
            if (earlier.isPresent()) {
                if (!fingerprint.equals(earlier.get().requestHash())) {
                    throw new IdempotencyKeyReused(idempotencyKey.get());
                }
                return started(orderId);
            }
        }
        needingAttention(orderId, what);
        operatorLog.record(action, Fulfilments.STREAMS.streamOf(orderId), request);
        return process.accept(orderId, input, request.commandContext(idempotencyKey.orElse(null), (Record) input));
    }
}
