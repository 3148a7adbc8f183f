package dev.orderlog.platform.command;

import java.time.Instant;
import java.util.List;

/** The three pure functions an event-sourced aggregate is made of. */
public interface Decider<C, S, E> {

    S initial();

    List<E> decide(C command, S state, Instant now);

    S evolve(S state, E event);
}
