package dev.orderlog.devservices.kurrentdb.persistent;

/** Why a group refuses a consumer or ends its call, with the group it concerns. */
public record GroupRefusal(Reason reason, String source, String group) {

    public enum Reason {
        MAXIMUM_SUBSCRIBERS_REACHED,
        DROPPED
    }

    /** The server's own wording (PersistentSubscriptionService). */
    public String message() {
        return switch (reason) {
            case MAXIMUM_SUBSCRIBERS_REACHED ->
                "Maximum subscriptions reached for subscription group " + group + " on stream " + source + ".";
            case DROPPED -> "Subscription group " + group + " on stream " + source + " was dropped.";
        };
    }
}
