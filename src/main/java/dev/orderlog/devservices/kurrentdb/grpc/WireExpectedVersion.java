package dev.orderlog.devservices.kurrentdb.grpc;

import dev.orderlog.devservices.kurrentdb.log.ExpectedVersion;

/** The expected revision of a request as the log's {@link ExpectedVersion} number. */
final class WireExpectedVersion {
    private WireExpectedVersion() {}

    /**
     * For Append, BatchAppend, Delete and Tombstone requests: their generated option cases differ in type but share
     * these names, so one mapping serves all four.
     */
    static long of(Enum<?> optionCase, long revision) {
        return switch (optionCase.name()) {
            case "REVISION", "STREAM_POSITION" -> revision;
            case "NO_STREAM" -> ExpectedVersion.NO_STREAM;
            case "ANY" -> ExpectedVersion.ANY;
            case "STREAM_EXISTS" -> ExpectedVersion.STREAM_EXISTS;
            default -> throw RpcErrors.invalidArgument("Expected stream revision is required");
        };
    }
}
