package dev.orderlog.devservices.kurrentdb.grpc;

import com.google.protobuf.ByteString;
import dev.orderlog.devservices.kurrentdb.log.ProposedEvent;
import dev.orderlog.devservices.kurrentdb.log.StoredEvent;
import io.kurrent.dbclient.proto.shared.Shared;
import java.util.Map;
import java.util.UUID;

/** Turns a proposed message into a {@link ProposedEvent}, with the server's checks on required metadata. */
final class Proposals {
    private Proposals() {}

    static ProposedEvent parse(
            Shared.UUID id, Map<String, String> metadata, ByteString customMetadata, ByteString data) {
        String type = metadata.get("type");
        if (type == null) {
            throw RpcErrors.requiredMetadataPropertyMissing("type");
        }
        String contentType = metadata.get("content-type");
        if (contentType == null) {
            throw RpcErrors.requiredMetadataPropertyMissing("content-type");
        }
        return new ProposedEvent(
                uuid(id), type, StoredEvent.JSON.equals(contentType), data.toByteArray(), customMetadata.toByteArray());
    }

    static UUID uuid(Shared.UUID id) {
        return switch (id.getValueCase()) {
            case STRUCTURED ->
                new UUID(
                        id.getStructured().getMostSignificantBits(),
                        id.getStructured().getLeastSignificantBits());
            case STRING -> {
                try {
                    yield UUID.fromString(id.getString());
                } catch (IllegalArgumentException invalid) {
                    throw RpcErrors.invalidArgument("Invalid event id: " + id.getString());
                }
            }
            case VALUE_NOT_SET -> throw RpcErrors.invalidArgument("An event id is required");
        };
    }

    static int sizeOf(ProposedEvent event) {
        return StoredEvent.sizeOnDisk(event.type(), event.data(), event.metadata());
    }
}
