package dev.orderlog.platform.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

/**
 * Given events, when a command, then events, a broken rule, or nothing: the one shape of every decider's tests. The
 * state is folded from the given events by the decider itself, and the command decided at the spec's time unless a
 * test names another.
 */
public final class DeciderSpec<C, S, E> {
    private final Decider<C, S, E> decider;
    private final Instant now;

    private DeciderSpec(Decider<C, S, E> decider, Instant now) {
        this.decider = decider;
        this.now = now;
    }

    public static <C, S, E> DeciderSpec<C, S, E> of(Decider<C, S, E> decider, Instant now) {
        return new DeciderSpec<>(decider, now);
    }

    @SafeVarargs
    public final Given given(E... events) {
        return given(List.of(events));
    }

    public Given given(List<E> events) {
        return new Given(decider.evolveAll(decider.initial(), events));
    }

    /**
     * {@code history} followed by what each of {@code commands} decides in turn, each on the state before it: a
     * history made by the decider itself, for a test that is about what comes after it.
     */
    @SafeVarargs
    public final List<E> historyAfter(List<E> history, C... commands) {
        List<E> events = new java.util.ArrayList<>(history);
        S state = decider.evolveAll(decider.initial(), history);
        for (C command : commands) {
            List<E> decided = decider.decide(command, state, now);
            events.addAll(decided);
            state = decider.evolveAll(state, decided);
        }
        return events;
    }

    /** The state the given events fold to. */
    public final class Given {
        private final S state;

        private Given(S state) {
            this.state = state;
        }

        public S state() {
            return state;
        }

        public When when(C command) {
            return when(command, now);
        }

        public When when(C command, Instant at) {
            return new When(state, command, at);
        }
    }

    /** A command on that state, decided when a then asks. */
    public final class When {
        private final S state;
        private final C command;
        private final Instant at;

        private When(S state, C command, Instant at) {
            this.state = state;
            this.command = command;
            this.at = at;
        }

        /** The events decided, for assertions of another shape. */
        public List<E> events() {
            return decider.decide(command, state, at);
        }

        @SafeVarargs
        public final void then(E... expected) {
            assertThat(events()).containsExactly(expected);
        }

        public void thenNothingHappened() {
            assertThat(events())
                    .as("a command already done, or with nothing to do, decides nothing")
                    .isEmpty();
        }

        public void thenBreaks(RuleViolation.Rule rule) {
            assertThatThrownBy(this::events)
                    .isInstanceOfSatisfying(
                            RuleViolation.class,
                            broken -> assertThat(broken.rule()).isEqualTo(rule));
        }

        /** The state after the decided events. */
        public S stateAfter() {
            return decider.evolveAll(state, events());
        }
    }
}
