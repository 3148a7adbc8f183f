package dev.orderlog.devservices.kurrentdb;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** The errors the server signals as gRPC status plus trailers (KurrentDB, Services/Transport/Grpc/RpcExceptions.cs). */
final class RpcErrors {
    private static final Metadata.Key<String> EXCEPTION = key("exception");
    private static final Metadata.Key<String> STREAM_NAME = key("stream-name");
    private static final Metadata.Key<String> EXPECTED_VERSION = key("expected-version");
    private static final Metadata.Key<String> ACTUAL_VERSION = key("actual-version");
    private static final Metadata.Key<String> MAXIMUM_APPEND_SIZE = key("maximum-append-size");
    private static final Metadata.Key<String> REQUIRED_METADATA_PROPERTIES = key("required-metadata-properties");

    private RpcErrors() {}

    static StatusRuntimeException streamDeleted(String stream) {
        Metadata trailers = exception("stream-deleted");
        trailers.put(STREAM_NAME, stream);
        return Status.FAILED_PRECONDITION
                .withDescription("Event stream '" + stream + "' is deleted.")
                .asRuntimeException(trailers);
    }

    /** Delete and tombstone report a conflict as an error; append reports it inside a normal response. */
    static StatusRuntimeException wrongExpectedVersion(String operation, String stream, long expected, long actual) {
        Metadata trailers = exception("wrong-expected-version");
        trailers.put(STREAM_NAME, stream);
        trailers.put(EXPECTED_VERSION, Long.toString(expected));
        trailers.put(ACTUAL_VERSION, Long.toString(actual));
        return Status.FAILED_PRECONDITION
                .withDescription(operation + " failed due to WrongExpectedVersion. Stream: " + stream
                        + ", Expected version: " + expected + ", Actual version: " + actual)
                .asRuntimeException(trailers);
    }

    static StatusRuntimeException maximumAppendSizeExceeded(int maximum) {
        Metadata trailers = exception("maximum-append-size-exceeded");
        trailers.put(MAXIMUM_APPEND_SIZE, Integer.toString(maximum));
        return Status.INVALID_ARGUMENT
                .withDescription("Maximum Append Size of " + maximum + " Exceeded.")
                .asRuntimeException(trailers);
    }

    static StatusRuntimeException requiredMetadataPropertyMissing(String property) {
        Metadata trailers = exception("missing-required-metadata-property");
        trailers.put(REQUIRED_METADATA_PROPERTIES, "type,content-type");
        return Status.INVALID_ARGUMENT
                .withDescription("Required Metadata Property '" + property + "' is missing")
                .asRuntimeException(trailers);
    }

    static StatusRuntimeException accessDenied() {
        return Status.PERMISSION_DENIED.withDescription("Access Denied").asRuntimeException(exception("access-denied"));
    }

    static StatusRuntimeException invalidArgument(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }

    private static Metadata exception(String name) {
        Metadata trailers = new Metadata();
        trailers.put(EXCEPTION, name);
        return trailers;
    }

    private static Metadata.Key<String> key(String name) {
        return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
    }
}
