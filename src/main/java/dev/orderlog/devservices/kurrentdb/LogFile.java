package dev.orderlog.devservices.kurrentdb;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.jboss.logging.Logger;

/**
 * The log on disk: an append-only file of records, each {@code [length][CRC32C][payload]}, the payload one committed
 * event. Durable by the configured policy: forced to disk before every append is answered, or by a flusher every few
 * milliseconds that appends wait for (group commit), so no answered append is lost either way. Opening it reads the
 * records back; a torn record at the end (a crash in the middle of a write) is cut off, with one log line.
 */
final class LogFile implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LogFile.class);
    private static final int HEADER = 8;
    static final String FILE_NAME = "log.dat";

    private final FileChannel channel;
    private final FsyncPolicy fsync;
    private final Object flushed = new Object();
    private final Thread flusher;
    private long written;
    private volatile long forced;
    private volatile boolean closed;

    private LogFile(FileChannel channel, long size, FsyncPolicy fsync) {
        this.channel = channel;
        this.fsync = fsync;
        this.written = size;
        this.forced = size;
        this.flusher = fsync instanceof FsyncPolicy.Batched batched ? Thread.ofPlatform().name("kurrentdb-log-flusher").daemon().start(() -> flushEvery(batched.interval())) : null;
    }

    /** Opens (or creates) the log in {@code directory}, giving {@code recovered} every record found, in order. */
    static LogFile open(Path directory, FsyncPolicy fsync, List<StoredEvent> recovered) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long valid = readBack(channel, recovered);
        if (valid < channel.size()) {
            LOG.warnf("KurrentDB log %s: a torn record at offset %d (of %d bytes) is cut off; %d records recovered", file, valid, channel.size(), recovered.size());
            channel.truncate(valid);
            channel.force(true);
        }
        channel.position(valid);
        return new LogFile(channel, valid, fsync);
    }

    private static long readBack(FileChannel channel, List<StoredEvent> recovered) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        long offset = 0;
        long size = channel.size();
        while (offset + HEADER <= size) {
            header.clear();
            channel.read(header, offset);
            header.flip();
            int length = header.getInt();
            int checksum = header.getInt();
            if (length <= 0 || offset + HEADER + length > size) {
                return offset;
            }
            ByteBuffer payload = ByteBuffer.allocate(length);
            channel.read(payload, offset + HEADER);
            CRC32C crc = new CRC32C();
            crc.update(payload.array());
            if ((int) crc.getValue() != checksum) {
                return offset;
            }
            recovered.add(decode(payload.flip()));
            offset += HEADER + length;
        }
        return offset;
    }

    /** Writes the records (called in the log's write order); returns the offset after them, to wait on with {@link #awaitDurable}. */
    long write(List<StoredEvent> records) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (StoredEvent record : records) {
                byte[] payload = encode(record);
                CRC32C crc = new CRC32C();
                crc.update(payload);
                bytes.write(ByteBuffer.allocate(HEADER).putInt(payload.length).putInt((int) crc.getValue()).array());
                bytes.write(payload);
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            written += bytes.size();
            if (fsync instanceof FsyncPolicy.EveryAppend) {
                channel.force(false);
                forced = written;
            }
            return written;
        } catch (IOException failed) {
            throw new UncheckedIOException("The log could not be written", failed);
        }
    }

    /** Returns once everything up to {@code offset} is on disk. */
    void awaitDurable(long offset) {
        if (forced >= offset) {
            return;
        }
        synchronized (flushed) {
            while (forced < offset && !closed) {
                try {
                    flushed.wait(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void flushEvery(Duration interval) {
        while (!closed) {
            try {
                Thread.sleep(interval);
                long target = written;
                if (target > forced) {
                    channel.force(false);
                    forced = target;
                    synchronized (flushed) {
                        flushed.notifyAll();
                    }
                }
            } catch (InterruptedException stopped) {
                return;
            } catch (IOException failed) {
                LOG.errorf("KurrentDB log could not be forced to disk: %s", failed.toString());
            }
        }
    }

    private static byte[] encode(StoredEvent record) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + record.data().length + record.metadata().length);
        DataOutputStream out = new DataOutputStream(bytes);
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

    @Override
    public void close() throws IOException {
        closed = true;
        if (flusher != null) {
            flusher.interrupt();
            try {
                flusher.join(1_000);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        channel.force(true);
        channel.close();
        synchronized (flushed) {
            flushed.notifyAll();
        }
    }
}
