package dev.orderlog.devservices.kurrentdb.log;

/** Streams the server keeps out of {@code $all} reads although they are in the log. */
public final class SystemStreams {
    private static final String PERSISTENT_SUBSCRIPTION_PREFIX = "$persistentsubscription-";

    private SystemStreams() {}

    public static boolean hiddenFromAll(String stream) {
        return stream.equals("$epoch-information")
                || (stream.startsWith(PERSISTENT_SUBSCRIPTION_PREFIX)
                        && (stream.endsWith("-checkpoint") || stream.endsWith("-parked")));
    }
}
