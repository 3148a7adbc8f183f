package dev.orderlog.devservices.kurrentdb.grpc;

import io.kurrent.dbclient.proto.shared.Shared;
import java.util.UUID;

/** How a client asked for ids in what it reads (its {@code uuid_option}): two longs, or the string form. */
enum UuidFormat {
    STRUCTURED,
    STRING;

    Shared.UUID write(UUID id) {
        return switch (this) {
            case STRING -> Shared.UUID.newBuilder().setString(id.toString()).build();
            case STRUCTURED ->
                Shared.UUID
                        .newBuilder()
                        .setStructured(Shared.UUID
                                .Structured
                                .newBuilder()
                                .setMostSignificantBits(id.getMostSignificantBits())
                                .setLeastSignificantBits(id.getLeastSignificantBits()))
                        .build();
        };
    }
}
