package dev.orderlog.devservices.kurrentdb;

/** The server's raw expected-version numbers; a value of zero or more is an exact revision. */
final class ExpectedRevision {
    static final long NO_STREAM = -1;
    static final long ANY = -2;
    static final long STREAM_EXISTS = -4;

    private ExpectedRevision() {
    }
}
