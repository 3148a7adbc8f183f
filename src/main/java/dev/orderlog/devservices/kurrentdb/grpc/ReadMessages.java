package dev.orderlog.devservices.kurrentdb.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.orderlog.devservices.kurrentdb.log.EventLog;
import dev.orderlog.devservices.kurrentdb.log.LinkResolution;
import dev.orderlog.devservices.kurrentdb.log.StoredEvent;
import io.kurrent.dbclient.proto.shared.Shared;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.ReadResp;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Builds the Read responses exactly as the server's ResponseConverter does. */
final class ReadMessages {
    private final UuidFormat uuids;
    /** Null when the read does not resolve links. */
    private final EventLog resolvingIn;

    ReadMessages(UuidFormat uuids, EventLog resolvingIn) {
        this.uuids = uuids;
        this.resolvingIn = resolvingIn;
    }

    /**
     * Every read event carries its {@code $all} position, a stream read's too (KurrentDB does since 22.6). Resolving
     * links, a link comes with its target as the event (none when the target is gone) and itself as the link.
     */
    ReadResp event(StoredEvent event) {
        ReadResp.ReadEvent.Builder read = ReadResp.ReadEvent.newBuilder();
        switch (resolvingIn == null ? new LinkResolution.NotALink() : LinkResolution.of(event, resolvingIn)) {
            case LinkResolution.NotALink notALink -> read.setEvent(recorded(event));
            case LinkResolution.Resolved resolved ->
                read.setEvent(recorded(resolved.target())).setLink(recorded(event));
            case LinkResolution.Broken broken -> read.setLink(recorded(event));
        }
        read.setCommitPosition(event.position());
        return ReadResp.newBuilder().setEvent(read).build();
    }

    static ReadResp confirmation(String subscriptionId) {
        return ReadResp.newBuilder()
                .setConfirmation(ReadResp.SubscriptionConfirmation.newBuilder().setSubscriptionId(subscriptionId))
                .build();
    }

    static ReadResp streamNotFound(String stream) {
        return ReadResp.newBuilder()
                .setStreamNotFound(ReadResp.StreamNotFound.newBuilder().setStreamIdentifier(streamIdentifier(stream)))
                .build();
    }

    static ReadResp checkpoint(long position, Instant now) {
        return ReadResp.newBuilder()
                .setCheckpoint(ReadResp.Checkpoint.newBuilder()
                        .setCommitPosition(position)
                        .setPreparePosition(position)
                        .setTimestamp(timestamp(now)))
                .build();
    }

    /** A negative revision or position means none was seen yet, and the field stays unset. */
    static ReadResp caughtUpOnStream(long revision, Instant now) {
        ReadResp.CaughtUp.Builder caughtUp = ReadResp.CaughtUp.newBuilder().setTimestamp(timestamp(now));
        if (revision >= 0) {
            caughtUp.setStreamRevision(revision);
        }
        return ReadResp.newBuilder().setCaughtUp(caughtUp).build();
    }

    static ReadResp caughtUpOnAll(long position, Instant now) {
        ReadResp.CaughtUp.Builder caughtUp = ReadResp.CaughtUp.newBuilder().setTimestamp(timestamp(now));
        if (position >= 0) {
            caughtUp.setPosition(
                    ReadResp.Position.newBuilder().setCommitPosition(position).setPreparePosition(position));
        }
        return ReadResp.newBuilder().setCaughtUp(caughtUp).build();
    }

    static Shared.StreamIdentifier streamIdentifier(String stream) {
        return Shared.StreamIdentifier.newBuilder()
                .setStreamName(ByteString.copyFrom(stream, StandardCharsets.UTF_8))
                .build();
    }

    private ReadResp.ReadEvent.RecordedEvent recorded(StoredEvent event) {
        return recorded(event, uuids);
    }

    /** An event as Read, subscriptions and (re-encoded) persistent subscriptions carry it. */
    static ReadResp.ReadEvent.RecordedEvent recorded(StoredEvent event, UuidFormat uuids) {
        return ReadResp.ReadEvent.RecordedEvent.newBuilder()
                .setId(uuids.write(event.id()))
                .setStreamIdentifier(streamIdentifier(event.stream()))
                .setStreamRevision(event.revision())
                .setCommitPosition(event.position())
                .setPreparePosition(event.position())
                .putMetadata("type", event.type())
                .putMetadata("content-type", event.contentType())
                .putMetadata("created", Long.toString(event.created()))
                .setCustomMetadata(ByteString.copyFrom(event.metadata()))
                .setData(ByteString.copyFrom(event.data()))
                .build();
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder()
                .setSeconds(instant.getEpochSecond())
                .setNanos(instant.getNano())
                .build();
    }
}
