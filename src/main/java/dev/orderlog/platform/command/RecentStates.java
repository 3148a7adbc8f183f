package dev.orderlog.platform.command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last state this instance decided on per stream, so a command costs one append instead of a load and an append.
 * A stale entry (another replica appended since) is safe: the append's expected revision fails and the stream is
 * loaded again. Least recently used entries go first.
 */
final class RecentStates<S> {
    private final Map<String, CommandPipeline.Loaded<S>> entries;

    RecentStates(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CommandPipeline.Loaded<S>> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized Optional<CommandPipeline.Loaded<S>> get(String stream) {
        return Optional.ofNullable(entries.get(stream));
    }

    synchronized void put(String stream, CommandPipeline.Loaded<S> loaded) {
        entries.put(stream, loaded);
    }

    synchronized void forget(String stream) {
        entries.remove(stream);
    }
}
