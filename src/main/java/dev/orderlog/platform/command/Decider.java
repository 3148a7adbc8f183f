package dev.orderlog.platform.command;

import java.time.Instant;
import java.util.List;

/** The three pure functions an event-sourced aggregate is made of. */
public interface Decider<C, S, E> {

    S initial();

    List<E> decide(C command, S state, Instant now);

    S evolve(S state, E event);

    /** The state after all of {@code events}: a decider whose state is costly to copy folds them with one copy. */
    default S evolveAll(S state, List<E> events) {
        S current = state;
        for (E event : events) {
            current = evolve(current, event);
        }
        return current;
    }
}
