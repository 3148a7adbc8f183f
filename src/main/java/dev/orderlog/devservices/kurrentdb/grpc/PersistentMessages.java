package dev.orderlog.devservices.kurrentdb.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.orderlog.devservices.kurrentdb.log.StoredEvent;
import io.kurrent.dbclient.proto.persistentsubscriptions.Persistent.ReadResp;

/** Persistent-subscription deliveries: the event, the parked link it came through if any, and always the retry count. */
final class PersistentMessages {
    private PersistentMessages() {}

    static ReadResp event(StoredEvent event, StoredEvent link, int retryCount, UuidFormat uuids) {
        ReadResp.ReadEvent.Builder read = ReadResp.ReadEvent.newBuilder()
                .setEvent(recorded(event, uuids))
                .setCommitPosition((link != null ? link : event).position())
                .setRetryCount(retryCount);
        if (link != null) {
            read.setLink(recorded(link, uuids));
        }
        return ReadResp.newBuilder().setEvent(read).build();
    }

    /**
     * persistent.proto declares RecordedEvent field for field as streams.proto does, so the Read builder writes it
     * once and the bytes are read back as this protocol's type.
     */
    private static ReadResp.ReadEvent.RecordedEvent recorded(StoredEvent event, UuidFormat uuids) {
        try {
            return ReadResp.ReadEvent.RecordedEvent.parseFrom(
                    ReadMessages.recorded(event, uuids).toByteString());
        } catch (InvalidProtocolBufferException impossible) {
            throw new IllegalStateException(
                    "persistent.proto's RecordedEvent no longer matches streams.proto's", impossible);
        }
    }
}
