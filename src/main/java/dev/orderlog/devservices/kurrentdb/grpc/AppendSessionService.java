package dev.orderlog.devservices.kurrentdb.grpc;

import dev.orderlog.devservices.kurrentdb.log.EventLog;
import io.grpc.stub.StreamObserver;
import io.kurrentdb.protocol.v2.streams.AppendRequest;
import io.kurrentdb.protocol.v2.streams.AppendSessionResponse;
import io.kurrentdb.protocol.v2.streams.StreamsServiceGrpc;

/** The v2 streams service of KurrentDB 25.1: multi-stream append ({@code AppendSession}). */
public final class AppendSessionService extends StreamsServiceGrpc.StreamsServiceImplBase {
    private final EventLog log;
    private final int maxRecordSize;
    private final int maxAppendSize;

    public AppendSessionService(EventLog log, int maxRecordSize, int maxAppendSize) {
        this.log = log;
        this.maxRecordSize = maxRecordSize;
        this.maxAppendSize = maxAppendSize;
    }

    @Override
    public StreamObserver<AppendRequest> appendSession(StreamObserver<AppendSessionResponse> responses) {
        return new AppendSessionCall(log, maxRecordSize, maxAppendSize, responses);
    }
}
