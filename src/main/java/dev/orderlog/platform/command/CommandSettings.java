package dev.orderlog.platform.command;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How commands meet concurrency and retries. */
@ConfigMapping(prefix = "orderlog.commands")
public interface CommandSettings {

    /** Without If-Match, how many times a command is reloaded and decided again after a conflicting append. */
    @WithDefault("5")
    int maxRetries();

    /**
     * How many of a stream's newest events are searched for an Idempotency-Key already used: a retry that comes after
     * more events than this were appended to the stream is decided again as a new command.
     */
    @WithDefault("100")
    int idempotencyWindow();

    /** Streams whose last state this instance keeps in memory, so a command need not load it again. */
    @WithDefault("10000")
    int cachedStreams();

    /** How long a command waits for the commands ahead of it on the same stream before it gives up (503). */
    @WithDefault("PT10S")
    Duration turnTimeout();
}
