package dev.orderlog.devservices.kurrentdb;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.kurrent.dbclient.proto.persistentsubscriptions.Persistent.ReadResp;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/** One connected consumer of a group: its call, its in-flight messages (bounded by the buffer size it asked for). */
final class PersistentConsumer {
    final String connectionId = UUID.randomUUID().toString();
    final String from;
    final String username;
    final String connectionName;
    final int bufferSize;
    final boolean stringUuids;
    final Set<UUID> inFlight = new LinkedHashSet<>();
    private final ServerCallStreamObserver<ReadResp> out;
    long totalItems;
    private boolean closed;

    PersistentConsumer(
            ServerCallStreamObserver<ReadResp> out,
            int bufferSize,
            boolean stringUuids,
            String from,
            String username,
            String connectionName) {
        this.out = out;
        this.bufferSize = bufferSize;
        this.stringUuids = stringUuids;
        this.from = from;
        this.username = username;
        this.connectionName = connectionName;
    }

    int availableSlots() {
        return Math.max(0, bufferSize - inFlight.size());
    }

    /** Called under the group's lock, so messages to one consumer never interleave. */
    void send(ReadResp message) {
        if (closed) {
            return;
        }
        try {
            out.onNext(message);
            totalItems++;
        } catch (StatusRuntimeException gone) {
            closed = true;
        }
    }

    void drop(StatusRuntimeException reason) {
        if (!closed) {
            closed = true;
            try {
                out.onError(reason);
            } catch (IllegalStateException alreadyClosed) {
                // The client went away first; nothing left to tell it.
            }
        }
    }

    boolean closed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }
}
