package dev.orderlog.devservices.kurrentdb.log;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * The system events a fresh server writes when it creates its default users, so {@code $all} holds
 * {@code $}-prefixed streams from the start, as it does on a real node, and consumers must filter them.
 */
public final class SystemEvents {
    private SystemEvents() {}

    public static void seed(EventLog log) {
        user(log, "admin", "KurrentDB Administrator", "$admins");
        user(log, "ops", "KurrentDB Operations", "$ops");
    }

    private static void user(EventLog log, String login, String fullName, String group) {
        String details = "{\"loginName\":\"" + login + "\",\"fullName\":\"" + fullName + "\",\"groups\":[\"" + group
                + "\"],\"disabled\":false}";
        log.append("$user-" + login, ExpectedVersion.NO_STREAM, List.of(json("$user", details)));
        log.append("$users", ExpectedVersion.ANY, List.of(json("$UserCreated", login)));
    }

    private static ProposedEvent json(String type, String body) {
        boolean isJson = body.startsWith("{");
        return new ProposedEvent(UUID.randomUUID(), type, isJson, body.getBytes(StandardCharsets.UTF_8), new byte[0]);
    }
}
