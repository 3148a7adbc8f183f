package dev.orderlog.devservices.kurrentdb.persistent;

/** What a consumer asks the group to do with messages it could not handle. */
public enum NackHandling {
    PARK,
    RETRY,
    SKIP,
    STOP
}
