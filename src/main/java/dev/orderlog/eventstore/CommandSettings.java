package dev.orderlog.eventstore;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How commands meet concurrency and retries. */
@ConfigMapping(prefix = "orderlog.commands")
public interface CommandSettings {

    /** Without If-Match, how many times a command is reloaded and decided again after a conflicting append. */
    @WithDefault("5")
    int maxRetries();

    /** How many of a stream's newest events are searched for an Idempotency-Key already used. */
    @WithDefault("100")
    int idempotencyWindow();
}
