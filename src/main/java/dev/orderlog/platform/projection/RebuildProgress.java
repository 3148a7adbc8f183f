package dev.orderlog.platform.projection;

import java.util.ArrayList;
import java.util.List;

/** What the last or current rebuild of a projection did: events applied, those it could not apply, and why it failed. */
public record RebuildProgress(
        String projection, RebuildState state, long applied, List<String> unapplied, String failure) {

    static RebuildProgress started(String projection) {
        return new RebuildProgress(projection, RebuildState.REBUILDING, 0, List.of(), null);
    }

    RebuildProgress applied(long more) {
        return new RebuildProgress(projection, state, applied + more, unapplied, failure);
    }

    RebuildProgress unapplied(String what) {
        List<String> all = new ArrayList<>(unapplied);
        all.add(what);
        return new RebuildProgress(projection, state, applied, List.copyOf(all), failure);
    }

    RebuildProgress done() {
        return new RebuildProgress(projection, RebuildState.DONE, applied, unapplied, null);
    }

    RebuildProgress failed(String reason) {
        return new RebuildProgress(projection, RebuildState.FAILED, applied, unapplied, reason);
    }
}
