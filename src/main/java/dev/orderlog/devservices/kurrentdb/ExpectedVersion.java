package dev.orderlog.devservices.kurrentdb;

/** The server's raw expected-version numbers; a value of zero or more is an exact revision. */
final class ExpectedVersion {
    static final long NO_STREAM = -1;
    static final long ANY = -2;
    static final long STREAM_EXISTS = -4;

    private ExpectedVersion() {}

    /**
     * The expected revision of an Append, BatchAppend, Delete or Tombstone request. Their generated option cases differ in type
     * but share these names, so one mapping serves all four.
     */
    static long fromWire(Enum<?> optionCase, long revision) {
        return switch (optionCase.name()) {
            case "REVISION", "STREAM_POSITION" -> revision;
            case "NO_STREAM" -> NO_STREAM;
            case "ANY" -> ANY;
            case "STREAM_EXISTS" -> STREAM_EXISTS;
            default -> throw RpcErrors.invalidArgument("Expected stream revision is required");
        };
    }
}
