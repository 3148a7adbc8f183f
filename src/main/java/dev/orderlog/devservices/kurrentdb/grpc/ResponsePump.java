package dev.orderlog.devservices.kurrentdb.grpc;

import dev.orderlog.devservices.kurrentdb.log.CoalescedRuns;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.ReadResp;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Moves messages from a {@link ReadSource} to the client only while gRPC says the client is ready, so writers never
 * wait for readers and a slow reader costs no memory. Wake-ups from any thread are merged into one drain at a time.
 */
final class ResponsePump {
    private final ServerCallStreamObserver<ReadResp> out;
    private final ReadSource source;
    private final CoalescedRuns drains;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile Runnable whenFinished = () -> {};

    ResponsePump(ServerCallStreamObserver<ReadResp> out, ReadSource source, Executor executor) {
        this.out = out;
        this.source = source;
        this.drains = new CoalescedRuns(executor, this::drainOnce);
    }

    /** Runs once when the call ends, however it ends. */
    void whenFinished(Runnable action) {
        whenFinished = action;
    }

    void start() {
        out.setOnReadyHandler(this::wakeUp);
        out.setOnCancelHandler(this::cancelled);
        wakeUp();
    }

    /** Safe from any thread, for example a writer that has just appended. */
    void wakeUp() {
        if (!finished.get()) {
            drains.request();
        }
    }

    private void drainOnce() {
        try {
            while (!finished.get() && out.isReady()) {
                ReadResp next = source.next();
                if (next == null) {
                    if (source.exhausted() && finish()) {
                        out.onCompleted();
                    }
                    return;
                }
                out.onNext(next);
            }
        } catch (StatusRuntimeException error) {
            if (finish()) {
                out.onError(error);
            }
        } catch (RuntimeException unexpected) {
            if (finish()) {
                out.onError(Status.INTERNAL
                        .withDescription(unexpected.toString())
                        .withCause(unexpected)
                        .asRuntimeException());
            }
        }
    }

    private void cancelled() {
        finish();
    }

    /** True for the one caller that ends the call. */
    private boolean finish() {
        if (!finished.compareAndSet(false, true)) {
            return false;
        }
        whenFinished.run();
        return true;
    }
}
