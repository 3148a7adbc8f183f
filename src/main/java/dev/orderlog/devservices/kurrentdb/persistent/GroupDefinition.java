package dev.orderlog.devservices.kurrentdb.persistent;

/**
 * A group as stored in {@code $persistentSubscriptionConfig}: its source ({@code $all} or a stream), where it starts,
 * its filter for {@code $all}, and its settings. {@code startFrom} is a revision or {@code $all} commit position, -1 for
 * "end"; {@code resolvedStart} is where "end" pointed when the group was created, so it means "after creation" for good.
 */
public record GroupDefinition(
        String source,
        String group,
        long startFrom,
        long resolvedStart,
        FilterDefinition filter,
        PersistentGroupSettings settings) {

    public static final String ALL = "$all";

    /** {@code byStreamName} false filters on event type; {@code window} and {@code multiplier} only pace checkpoints. */
    public record FilterDefinition(boolean byStreamName, String regex, java.util.List<String> prefixes) {}

    public boolean onAll() {
        return ALL.equals(source);
    }

    /** The server's name for the group, {@code <source>::<group>}. */
    public String id() {
        return source + "::" + group;
    }

    public String checkpointStream() {
        return "$persistentsubscription-" + id() + "-checkpoint";
    }

    public String parkedStream() {
        return "$persistentsubscription-" + id() + "-parked";
    }

    /** How the server writes a position of this group's source: a revision, or {@code C:<commit>/P:<prepare>}. */
    public String format(long position) {
        return onAll() ? "C:" + position + "/P:" + position : Long.toString(position);
    }
}
