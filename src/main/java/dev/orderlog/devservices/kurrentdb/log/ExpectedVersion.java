package dev.orderlog.devservices.kurrentdb.log;

/** The server's raw expected-version numbers; a value of zero or more is an exact revision. */
public final class ExpectedVersion {
    public static final long NO_STREAM = -1;
    public static final long ANY = -2;
    public static final long STREAM_EXISTS = -4;

    private ExpectedVersion() {}
}
