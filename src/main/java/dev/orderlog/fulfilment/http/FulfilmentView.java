package dev.orderlog.fulfilment.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderlog.fulfilment.Deadline;
import dev.orderlog.fulfilment.Fulfilment;
import dev.orderlog.fulfilment.FulfilmentDecider;
import dev.orderlog.fulfilment.FulfilmentEvent;
import dev.orderlog.fulfilment.Phase;
import dev.orderlog.platform.command.CommandPipeline;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A fulfilment as its API shows it: the stage, what it waits for, and every step with its time, outcome and cause. */
public record FulfilmentView(
        String orderId,
        Phase phase,
        Optional<Deadline> deadline,
        Optional<String> problem,
        long revision,
        List<Entry> timeline) {

    /** One recorded step: what happened, when, what caused it (an event, webhook, deadline or request) and who. */
    public record Entry(
            long revision, String type, Instant at, Map<String, Object> details, String causedBy, String actor) {}

    /** A placed order's fulfilment before its process recorded its first step: nothing to show but that it is due. */
    static FulfilmentView starting(String orderId) {
        return new FulfilmentView(orderId, Phase.STARTING, Optional.empty(), Optional.empty(), -1, List.of());
    }

    static FulfilmentView of(
            String orderId,
            Fulfilment state,
            List<CommandPipeline.Recorded<FulfilmentEvent>> history,
            ObjectMapper json) {
        List<Entry> timeline = history.stream()
                .map(recorded -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> details = new TreeMap<>(json.convertValue(recorded.event(), Map.class));
                    details.remove("at");
                    details.remove("job");
                    return new Entry(
                            recorded.revision(),
                            recorded.type(),
                            recorded.event().at(),
                            details,
                            recorded.metadata().causationId(),
                            recorded.metadata().actor());
                })
                .toList();
        return new FulfilmentView(
                orderId,
                state.phase(),
                FulfilmentDecider.deadline(state),
                state instanceof Fulfilment.NeedsAttention attention
                        ? Optional.of(attention.problem())
                        : Optional.empty(),
                history.isEmpty() ? -1 : history.getLast().revision(),
                timeline);
    }
}
