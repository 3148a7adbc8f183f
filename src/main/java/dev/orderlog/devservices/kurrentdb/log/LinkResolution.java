package dev.orderlog.devservices.kurrentdb.log;

import java.nio.charset.StandardCharsets;

/**
 * What a record read with {@code resolveLinkTos} comes to (server: the storage reader's ResolveLinkToEvent): not a
 * link (type {@code $>}), a link whose target is there (data {@code n@stream}, split at the first {@code @}), or a link
 * that cannot be followed (its data unreadable, its target deleted, truncated or never written), which is delivered
 * with the link alone.
 */
public sealed interface LinkResolution {
    String LINK_TYPE = "$>";

    record NotALink() implements LinkResolution {}

    record Resolved(StoredEvent target) implements LinkResolution {}

    record Broken() implements LinkResolution {}

    static LinkResolution of(StoredEvent record, EventLog log) {
        if (!LINK_TYPE.equals(record.type())) {
            return new NotALink();
        }
        String data = new String(record.data(), StandardCharsets.UTF_8);
        int at = data.indexOf('@');
        long revision;
        try {
            revision = at > 0 ? Long.parseLong(data.substring(0, at)) : -1;
        } catch (NumberFormatException notANumber) {
            return new Broken();
        }
        if (revision < 0) {
            return new Broken();
        }
        StoredStream target = log.stream(data.substring(at + 1));
        if (StreamView.of(target, log.now()) instanceof StreamView.Visible visible
                && revision >= visible.first()
                && revision <= visible.last()) {
            return new Resolved(target.events.get((int) revision));
        }
        return new Broken();
    }
}
