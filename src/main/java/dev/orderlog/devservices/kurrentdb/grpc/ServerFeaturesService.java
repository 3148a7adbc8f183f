package dev.orderlog.devservices.kurrentdb.grpc;

import io.grpc.BindableService;
import io.grpc.ServerMethodDefinition;
import io.grpc.stub.StreamObserver;
import io.kurrent.dbclient.proto.serverfeatures.ServerFeaturesGrpc;
import io.kurrent.dbclient.proto.serverfeatures.Serverfeatures.SupportedMethod;
import io.kurrent.dbclient.proto.serverfeatures.Serverfeatures.SupportedMethods;
import io.kurrent.dbclient.proto.shared.Shared;
import java.util.List;

/**
 * Lists the methods this server really implements, in lower case with the features the server attaches
 * (KurrentDB, ServerFeatures.cs), so clients use only what is here.
 */
public final class ServerFeaturesService extends ServerFeaturesGrpc.ServerFeaturesImplBase {
    /** Multi-stream append (v2 AppendSession) came with 25.1. */
    static final String SERVER_VERSION = "25.1.0";

    private final SupportedMethods supported;

    public ServerFeaturesService(List<BindableService> services) {
        SupportedMethods.Builder builder = SupportedMethods.newBuilder().setEventStoreServerVersion(SERVER_VERSION);
        services.stream()
                .flatMap(service -> service.bindService().getMethods().stream())
                .map(ServerMethodDefinition::getMethodDescriptor)
                .forEach(method -> builder.addMethods(describe(method.getServiceName(), method.getBareMethodName())));
        builder.addMethods(describe(ServerFeaturesGrpc.SERVICE_NAME, "GetSupportedMethods"));
        this.supported = builder.build();
    }

    private static SupportedMethod describe(String service, String method) {
        SupportedMethod.Builder described = SupportedMethod.newBuilder()
                .setServiceName(service.toLowerCase())
                .setMethodName(method.toLowerCase());
        if (service.contains("PersistentSubscriptions")) {
            described.addFeatures("stream").addFeatures("all");
        } else if (service.contains("Streams") && method.contains("Read")) {
            described.addFeatures("position").addFeatures("events");
        } else if (service.contains("Streams") && method.contains("BatchAppend")) {
            described.addFeatures("deadline_duration");
        }
        return described.build();
    }

    @Override
    public void getSupportedMethods(Shared.Empty request, StreamObserver<SupportedMethods> responses) {
        responses.onNext(supported);
        responses.onCompleted();
    }
}
