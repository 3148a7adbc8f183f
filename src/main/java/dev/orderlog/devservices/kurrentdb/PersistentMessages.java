package dev.orderlog.devservices.kurrentdb;

import com.google.protobuf.ByteString;
import io.kurrent.dbclient.proto.persistentsubscriptions.Persistent.ReadResp;

/** Persistent-subscription deliveries: the event, the parked link it came through if any, and always the retry count. */
final class PersistentMessages {
    private PersistentMessages() {}

    static ReadResp event(StoredEvent event, StoredEvent link, int retryCount, boolean stringUuids) {
        ReadResp.ReadEvent.Builder read = ReadResp.ReadEvent.newBuilder()
                .setEvent(recorded(event, stringUuids))
                .setCommitPosition((link != null ? link : event).position())
                .setRetryCount(retryCount);
        if (link != null) {
            read.setLink(recorded(link, stringUuids));
        }
        return ReadResp.newBuilder().setEvent(read).build();
    }

    private static ReadResp.ReadEvent.RecordedEvent recorded(StoredEvent event, boolean stringUuids) {
        return ReadResp.ReadEvent.RecordedEvent.newBuilder()
                .setId(ReadMessages.wireUuid(event.id(), stringUuids))
                .setStreamIdentifier(ReadMessages.streamIdentifier(event.stream()))
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
}
