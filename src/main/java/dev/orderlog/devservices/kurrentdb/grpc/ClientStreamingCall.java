package dev.orderlog.devservices.kurrentdb.grpc;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/**
 * A call whose client streams its requests, then half-closes for the one answer. A request that breaks the call's rules
 * answers the error once; the rest of the stream, and a cancelled call, are ignored.
 */
abstract class ClientStreamingCall<Q, A> implements StreamObserver<Q> {
    protected final StreamObserver<A> responses;
    private boolean failed;

    ClientStreamingCall(StreamObserver<A> responses) {
        this.responses = responses;
    }

    /** Takes one request; a status thrown ends the call with it. */
    protected abstract void accept(Q request);

    /** The client is done: answers the call; a status thrown ends it with that error. */
    protected abstract void complete();

    @Override
    public final void onNext(Q request) {
        if (failed) {
            return;
        }
        try {
            accept(request);
        } catch (StatusRuntimeException error) {
            failed = true;
            responses.onError(error);
        }
    }

    @Override
    public final void onError(Throwable cancelled) {
        failed = true;
    }

    @Override
    public final void onCompleted() {
        if (failed) {
            return;
        }
        try {
            complete();
        } catch (StatusRuntimeException error) {
            failed = true;
            responses.onError(error);
        }
    }
}
