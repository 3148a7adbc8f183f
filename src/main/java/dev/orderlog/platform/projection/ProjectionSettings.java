package dev.orderlog.platform.projection;

import dev.orderlog.platform.subscription.ConsumerSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How projections consume their persistent subscriptions ({@code orderlog.projections.*}). */
@ConfigMapping(prefix = "orderlog.projections")
public interface ProjectionSettings extends ConsumerSettings {

    /** Run the projections in this instance; several replicas share the work through the group. */
    @WithDefault("true")
    boolean enabled();

    /** Events a rebuild reads from {@code $all} at a time. */
    @WithDefault("1000")
    int rebuildPageSize();
}
