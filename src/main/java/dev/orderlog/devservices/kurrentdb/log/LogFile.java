package dev.orderlog.devservices.kurrentdb.log;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;
import org.jboss.logging.Logger;

/**
 * The log on disk: an append-only file of records, each {@code [length][CRC32C][payload]}, the payload one committed
 * event and whether it ends its transaction (an append, or a multi-stream append, is one transaction). Opening it reads
 * the records back and keeps whole transactions only: a torn or corrupt record at the end, or a transaction cut short
 * by a crash, is cut off, with one log line. Durable by the configured policy before an append is answered. The
 * channel is an asynchronous one, which a thread interrupted while it writes cannot close; the file is locked, so two
 * servers never write one log.
 */
public final class LogFile implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LogFile.class);
    private static final int HEADER = 8;
    public static final String FILE_NAME = "log.dat";

    private final AsynchronousFileChannel channel;
    private final FileLock lock;
    private final FsyncPolicy fsync;
    private final Object flushed = new Object();
    private final Thread flusher;
    private long written;
    private volatile long forced;
    private volatile boolean closed;

    private LogFile(AsynchronousFileChannel channel, FileLock lock, long size, FsyncPolicy fsync) {
        this.channel = channel;
        this.lock = lock;
        this.fsync = fsync;
        this.written = size;
        this.forced = size;
        this.flusher = fsync instanceof FsyncPolicy.Batched batched
                ? Thread.ofPlatform().name("kurrentdb-log-flusher").daemon().start(() -> flushEvery(batched.interval()))
                : null;
    }

    /** Opens (or creates) the log in {@code directory}, giving {@code recovered} every record of every whole transaction, in order. */
    static LogFile open(Path directory, FsyncPolicy fsync, List<StoredEvent> recovered) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(FILE_NAME);
        AsynchronousFileChannel channel = AsynchronousFileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("The log " + file + " is in use by another server");
        }
        long valid = readBack(file, channel.size(), recovered);
        if (valid < channel.size()) {
            LOG.warnf(
                    "KurrentDB log %s: from offset %d (of %d bytes) a torn record or an unfinished transaction is cut off; %d records recovered",
                    file, valid, channel.size(), recovered.size());
            channel.truncate(valid);
            channel.force(true);
        }
        return new LogFile(channel, lock, valid, fsync);
    }

    /** The offset after the last whole transaction; read sequentially through a large buffer, as recovery reads it once. */
    private static long readBack(Path file, long size, List<StoredEvent> recovered) throws IOException {
        long offset = 0;
        long committed = 0;
        List<StoredEvent> transaction = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            while (offset + HEADER <= size) {
                int length = in.readInt();
                int checksum = in.readInt();
                if (length <= 0 || offset + HEADER + length > size) {
                    break;
                }
                byte[] payload = in.readNBytes(length);
                CRC32C crc = new CRC32C();
                crc.update(payload);
                if ((int) crc.getValue() != checksum) {
                    break;
                }
                ByteBuffer record = ByteBuffer.wrap(payload);
                boolean endsTransaction = record.get() != 0;
                transaction.add(decode(record));
                offset += HEADER + length;
                if (endsTransaction) {
                    recovered.addAll(transaction);
                    transaction.clear();
                    committed = offset;
                }
            }
        }
        return committed;
    }

    /**
     * Writes one transaction's records (called in the log's write order, under its lock). On failure the file is cut
     * back to where it was, so it never holds part of a transaction the log did not take; returns the offset after
     * the records, to wait on with {@link #awaitDurable}.
     */
    long write(List<StoredEvent> records) {
        long start = written;
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int i = 0; i < records.size(); i++) {
                byte[] payload = encode(records.get(i), i == records.size() - 1);
                CRC32C crc = new CRC32C();
                crc.update(payload);
                bytes.write(ByteBuffer.allocate(HEADER)
                        .putInt(payload.length)
                        .putInt((int) crc.getValue())
                        .array());
                bytes.write(payload);
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
            long position = start;
            while (buffer.hasRemaining()) {
                position += uninterruptibly(channel.write(buffer, position));
            }
            if (fsync instanceof FsyncPolicy.EveryAppend) {
                channel.force(false);
                forced = position;
            }
            written = position;
            return written;
        } catch (IOException failed) {
            try {
                channel.truncate(start);
            } catch (IOException alsoFailed) {
                failed.addSuppressed(alsoFailed);
            }
            throw new UncheckedIOException("The log could not be written", failed);
        }
    }

    /** Returns once everything up to {@code offset} is on disk; an interrupt does not cut the wait short. */
    void awaitDurable(long offset) {
        boolean interrupted = false;
        synchronized (flushed) {
            while (forced < offset && !closed) {
                try {
                    flushed.wait(100);
                } catch (InterruptedException stop) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void flushEvery(Duration interval) {
        while (!closed) {
            long target;
            synchronized (flushed) {
                try {
                    flushed.wait(interval.toMillis());
                } catch (InterruptedException ignored) {
                    // Only close wakes it this way; the loop condition decides.
                }
                target = written;
            }
            if (target > forced && !closed) {
                try {
                    channel.force(false);
                    forced = target;
                } catch (IOException failed) {
                    LOG.errorf("KurrentDB log could not be forced to disk: %s", failed.toString());
                }
                synchronized (flushed) {
                    flushed.notifyAll();
                }
            }
        }
    }

    private static byte[] encode(StoredEvent record, boolean endsTransaction) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + record.data().length + record.metadata().length);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeBoolean(endsTransaction);
        out.writeLong(record.id().getMostSignificantBits());
        out.writeLong(record.id().getLeastSignificantBits());
        writeBytes(out, record.stream().getBytes(StandardCharsets.UTF_8));
        out.writeLong(record.revision());
        out.writeLong(record.position());
        writeBytes(out, record.type().getBytes(StandardCharsets.UTF_8));
        out.writeBoolean(record.json());
        out.writeLong(record.created());
        writeBytes(out, record.data());
        writeBytes(out, record.metadata());
        return bytes.toByteArray();
    }

    private static StoredEvent decode(ByteBuffer in) {
        UUID id = new UUID(in.getLong(), in.getLong());
        String stream = new String(readBytes(in), StandardCharsets.UTF_8);
        long revision = in.getLong();
        long position = in.getLong();
        String type = new String(readBytes(in), StandardCharsets.UTF_8);
        boolean json = in.get() != 0;
        long created = in.getLong();
        return new StoredEvent(id, stream, revision, position, type, json, created, readBytes(in), readBytes(in));
    }

    private static void writeBytes(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }

    private static byte[] readBytes(ByteBuffer in) {
        byte[] value = new byte[in.getInt()];
        in.get(value);
        return value;
    }

    /** The result of an I/O already under way: waited for even when the thread is interrupted, which is then restored. */
    private static <T> T uninterruptibly(Future<T> operation) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return operation.get();
                } catch (InterruptedException stop) {
                    interrupted = true;
                } catch (ExecutionException failed) {
                    throw failed.getCause() instanceof IOException io ? io : new IOException(failed.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (flushed) {
            closed = true;
            flushed.notifyAll();
        }
        if (flusher != null) {
            try {
                flusher.join(1_000);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        channel.force(true);
        lock.release();
        channel.close();
    }
}
