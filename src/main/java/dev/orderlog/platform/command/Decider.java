package dev.orderlog.platform.command;

import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The three pure functions an event-sourced aggregate is made of. An aggregate writes them as functions and makes its
 * decider with {@link #of}.
 */
public interface Decider<C, S, E> {

    /** What a command decides, given the state and the time. */
    @FunctionalInterface
    interface Decide<C, S, E> {
        List<E> decide(C command, S state, Instant now);
    }

    static <C, S, E> Decider<C, S, E> of(Supplier<S> initial, Decide<C, S, E> decide, BiFunction<S, E, S> evolve) {
        return of(initial, decide, evolve, (state, events) -> {
            S current = state;
            for (E event : events) {
                current = evolve.apply(current, event);
            }
            return current;
        });
    }

    /** As {@link #of(Supplier, Decide, BiFunction)}, for a state costly to copy that folds many events with one copy. */
    static <C, S, E> Decider<C, S, E> of(
            Supplier<S> initial,
            Decide<C, S, E> decide,
            BiFunction<S, E, S> evolve,
            BiFunction<S, List<E>, S> evolveAll) {
        return new Decider<>() {
            @Override
            public S initial() {
                return initial.get();
            }

            @Override
            public List<E> decide(C command, S state, Instant now) {
                return decide.decide(command, state, now);
            }

            @Override
            public S evolve(S state, E event) {
                return evolve.apply(state, event);
            }

            @Override
            public S evolveAll(S state, List<E> events) {
                return evolveAll.apply(state, events);
            }
        };
    }

    S initial();

    List<E> decide(C command, S state, Instant now);

    S evolve(S state, E event);

    /** The state after all of {@code events}: a decider whose state is costly to copy folds them with one copy. */
    S evolveAll(S state, List<E> events);
}
