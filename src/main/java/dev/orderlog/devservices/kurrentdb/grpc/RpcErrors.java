package dev.orderlog.devservices.kurrentdb.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import dev.orderlog.devservices.kurrentdb.persistent.GroupRefusal;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/** The errors the server signals as gRPC status plus trailers (KurrentDB, Services/Transport/Grpc/RpcExceptions.cs). */
final class RpcErrors {
    private static final Metadata.Key<String> EXCEPTION = key("exception");
    private static final Metadata.Key<String> STREAM_NAME = key("stream-name");
    private static final Metadata.Key<String> EXPECTED_VERSION = key("expected-version");
    private static final Metadata.Key<String> ACTUAL_VERSION = key("actual-version");
    private static final Metadata.Key<String> MAXIMUM_APPEND_SIZE = key("maximum-append-size");
    private static final Metadata.Key<String> REQUIRED_METADATA_PROPERTIES = key("required-metadata-properties");
    private static final Metadata.Key<String> GROUP_NAME = key("group-name");
    private static final Metadata.Key<String> REASON = key("reason");

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

    /** A refusal from the persistent-subscription engine, as the server words and codes it. */
    static StatusRuntimeException groupRefused(GroupRefusal refusal) {
        return switch (refusal.reason()) {
            case MAXIMUM_SUBSCRIBERS_REACHED ->
                Status.FAILED_PRECONDITION
                        .withDescription(refusal.message())
                        .asRuntimeException(
                                groupTrailers("maximum-subscribers-reached", refusal.source(), refusal.group()));
            case DROPPED ->
                Status.CANCELLED
                        .withDescription(refusal.message())
                        .asRuntimeException(
                                groupTrailers("persistent-subscription-dropped", refusal.source(), refusal.group()));
        };
    }

    static StatusRuntimeException groupNotFound(String source, String group) {
        return Status.NOT_FOUND
                .withDescription("Subscription group " + group + " on stream " + source + " does not exist.")
                .asRuntimeException(groupTrailers("persistent-subscription-does-not-exist", source, group));
    }

    static StatusRuntimeException groupExists(String source, String group) {
        return Status.ALREADY_EXISTS
                .withDescription("Subscription group " + group + " on stream " + source + " exists.")
                .asRuntimeException(groupTrailers("persistent-subscription-exists", source, group));
    }

    /** RpcExceptions.PersistentSubscriptionFailed. */
    static StatusRuntimeException groupFailed(String source, String group, String reason) {
        Metadata trailers = groupTrailers("persistent-subscription-failed", source, group);
        trailers.put(REASON, reason);
        return Status.INTERNAL
                .withDescription("Subscription group " + group + " on stream " + source + " failed: '" + reason + "'")
                .asRuntimeException(trailers);
    }

    static StatusRuntimeException invalidArgument(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }

    /**
     * A google.rpc.Status carrying {@code details}, as BatchAppend answers each of its appends and the v2 protocol
     * fails a call (KurrentDB, Grpc/Status.cs).
     */
    static com.google.rpc.Status richStatus(Code code, String message, Message... details) {
        com.google.rpc.Status.Builder status =
                com.google.rpc.Status.newBuilder().setCode(code.getNumber()).setMessage(message);
        for (Message detail : details) {
            status.addDetails(Any.pack(detail));
        }
        return status.build();
    }

    /** A v2 streams error: an ErrorInfo of domain "streams" naming {@code reason}, then the error's own details. */
    static StatusRuntimeException streamsError(Code code, String reason, String message, Message details) {
        return StatusProto.toStatusRuntimeException(richStatus(
                code,
                message,
                ErrorInfo.newBuilder().setReason(reason).setDomain("streams").build(),
                details));
    }

    /** A v2 error with no details. */
    static StatusRuntimeException plainError(Code code, String message) {
        return StatusProto.toStatusRuntimeException(richStatus(code, message));
    }

    private static Metadata exception(String name) {
        Metadata trailers = new Metadata();
        trailers.put(EXCEPTION, name);
        return trailers;
    }

    private static Metadata groupTrailers(String exception, String source, String group) {
        Metadata trailers = exception(exception);
        trailers.put(STREAM_NAME, source);
        trailers.put(GROUP_NAME, group);
        return trailers;
    }

    private static Metadata.Key<String> key(String name) {
        return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
    }
}
