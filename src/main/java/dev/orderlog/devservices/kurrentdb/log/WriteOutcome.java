package dev.orderlog.devservices.kurrentdb.log;

/** What an append or a delete came to, in the terms the gRPC layer answers with. */
public sealed interface WriteOutcome {

    /** Written, or recognised as an idempotent repeat. A revision or position of -1 means none. */
    record Written(long lastRevision, long position) implements WriteOutcome {}

    /** {@code currentRevision} is -1 when the stream does not exist. */
    record WrongExpectedVersion(long currentRevision) implements WriteOutcome {}

    record StreamDeleted() implements WriteOutcome {}
}
