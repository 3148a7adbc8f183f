package dev.orderlog.fulfilment;

import dev.orderlog.platform.subscription.ConsumerSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The fulfilment process ({@code orderlog.fulfilment.*}), and how it consumes its group's events. */
@ConfigMapping(prefix = "orderlog.fulfilment")
public interface FulfilmentSettings extends ConsumerSettings {

    /** Run the process in this instance; replicas share it through its group and the instances' expected revisions. */
    @WithDefault("true")
    boolean enabled();

    /** A payment not approved within this is given up: the order is cancelled and what was done undone. */
    @WithDefault("PT15M")
    Duration paymentTimeout();

    /** A shipment not confirmed by the warehouse within this is given up likewise. */
    @WithDefault("P3D")
    Duration shipmentTimeout();

    /** How often due deadlines are fired and stalled instances driven on. */
    @WithDefault("1s")
    String pollEvery();

    /** How often the phase counts (metrics, console charts) are read from the read model: a count of its table. */
    @WithDefault("15s")
    String phaseCountsEvery();

    /** An underway instance unchanged for this long is driven on (its last step's outcome was unknown). */
    @WithDefault("PT10S")
    Duration stallAfter();
}
