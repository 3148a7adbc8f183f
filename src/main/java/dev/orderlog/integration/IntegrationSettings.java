package dev.orderlog.integration;

import dev.orderlog.platform.subscription.ConsumerSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Integration through Kafka ({@code orderlog.integration.*}): how the publisher consumes its group's events, and how
 * the topics it creates are laid out. The broker is {@code kafka.bootstrap.servers}, as for the inbound channels.
 */
@ConfigMapping(prefix = "orderlog.integration")
public interface IntegrationSettings extends ConsumerSettings {

    /** Publish in this instance; replicas share the work through the group (pinned: one order's events, one replica). */
    @WithDefault("true")
    boolean enabled();

    /** How long a batch waits for Kafka's acknowledgements before it is retried in place. */
    @WithDefault("PT30S")
    Duration publishTimeout();

    /** Partitions of the topics the publisher creates when they are missing. */
    @WithDefault("3")
    int partitions();

    /** Replicas of those topics: 3 in production (min.insync.replicas 2), 1 for a one-broker dev or test Kafka. */
    @WithDefault("3")
    short replicationFactor();
}
