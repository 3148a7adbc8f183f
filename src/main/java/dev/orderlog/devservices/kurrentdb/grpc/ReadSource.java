package dev.orderlog.devservices.kurrentdb.grpc;

import io.kurrent.dbclient.proto.streams.StreamsOuterClass.ReadResp;

/** The messages of one Read call, produced on demand so a slow reader never makes the server buffer the log. */
interface ReadSource {

    /** The next message, or null when there is none now; throws a status exception to end the call with an error. */
    ReadResp next();

    /** True once nothing more will come and the call can complete. */
    boolean exhausted();
}
