package dev.orderlog.devservices.kurrentdb.grpc;

import dev.orderlog.devservices.kurrentdb.log.EventLog;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.kurrentdb.protocol.v2.streams.StreamsServiceGrpc;

/**
 * The v2 streams service: multi-stream append ({@code AppendSession}, KurrentDB 25.1) and interleaved records with
 * consistency checks ({@code AppendRecords}, 26.1), one service as on the server, so ServerFeatures lists both.
 */
public final class StreamsV2Service implements BindableService {
    private final EventLog log;
    private final int maxRecordSize;
    private final int maxAppendSize;

    public StreamsV2Service(EventLog log, int maxRecordSize, int maxAppendSize) {
        this.log = log;
        this.maxRecordSize = maxRecordSize;
        this.maxAppendSize = maxAppendSize;
    }

    /** The client jar's AppendSession, and AppendRecords beside it under the same service name. */
    @Override
    public ServerServiceDefinition bindService() {
        AppendRecords appendRecords = new AppendRecords(log, maxRecordSize, maxAppendSize);
        return ServerServiceDefinition.builder(StreamsServiceGrpc.SERVICE_NAME)
                .addMethod(
                        StreamsServiceGrpc.getAppendSessionMethod(),
                        ServerCalls.asyncClientStreamingCall(
                                responses -> new AppendSessionCall(log, maxRecordSize, maxAppendSize, responses)))
                .addMethod(AppendRecords.METHOD, ServerCalls.asyncUnaryCall(appendRecords::handle))
                .build();
    }
}
