package dev.orderlog.platform.command;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** When snapshots are taken and how many are kept. */
@ConfigMapping(prefix = "orderlog.snapshots")
public interface SnapshotSettings {

    /** Take a snapshot once at least this many events have passed since the last one. */
    @WithDefault("50")
    int every();

    /** {@code $maxCount} of each snapshot stream: the newest is used, older ones stay for rollback. */
    @WithDefault("3")
    int keep();
}
