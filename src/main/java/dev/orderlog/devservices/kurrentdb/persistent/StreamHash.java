package dev.orderlog.devservices.kurrentdb.persistent;

import java.nio.charset.StandardCharsets;

/**
 * KurrentDB's stream hash (its XXHashUnsafe, seeded 0xc58f1a7b), which its Pinned strategies bucket by, so that a
 * stream lands on the consumer it would land on under KurrentDB. It hashes a string's UTF-16 code units as .NET lays
 * them out in memory, little-endian, and differs from today's XXH32 in its small-input and lane steps: it is an early
 * xxHash, kept as KurrentDB has it. Arithmetic is on 32-bit words, wrapping as the unsigned original does.
 */
final class StreamHash {
    static final int STREAM_SEED = 0xc58f1a7b;
    private static final int PRIME1 = 0x9E3779B1;
    private static final int PRIME2 = 0x85EBCA77;
    private static final int PRIME3 = 0xC2B2AE3D;
    private static final int PRIME4 = 0x27D4EB2F;
    private static final int PRIME5 = 0x165667B1;

    private StreamHash() {}

    /** The hash of a stream name (or a correlation id). */
    static int of(String text) {
        byte[] units = text.getBytes(StandardCharsets.UTF_16LE);
        return hash(units, 0, units.length, STREAM_SEED);
    }

    static int hash(byte[] data, int offset, int length, int seed) {
        if (length < 16) {
            return small(data, offset, length, seed);
        }
        int v1 = seed + PRIME1;
        int v2 = v1 * PRIME2 + length;
        int v3 = v2 * PRIME3;
        int v4 = v3 * PRIME4;
        int at = offset;
        int limit = offset + length - 16;
        while (at < limit) {
            v1 = (v1 + Integer.rotateLeft(v1, 13)) * PRIME1 + wordAt(data, at);
            v2 = (v2 + Integer.rotateLeft(v2, 11)) * PRIME1 + wordAt(data, at + 4);
            v3 = (v3 + Integer.rotateLeft(v3, 17)) * PRIME1 + wordAt(data, at + 8);
            v4 = (v4 + Integer.rotateLeft(v4, 19)) * PRIME1 + wordAt(data, at + 12);
            at += 16;
        }
        // The last 16 bytes, which the lanes above may have read already.
        v1 = ((v1 + Integer.rotateLeft(v1, 17)) * PRIME1 + wordAt(data, limit)) * PRIME2;
        v2 = ((v2 + Integer.rotateLeft(v2, 19)) * PRIME1 + wordAt(data, limit + 4)) * PRIME2;
        v3 = ((v3 + Integer.rotateLeft(v3, 13)) * PRIME1 + wordAt(data, limit + 8)) * PRIME2;
        v4 = ((v4 + Integer.rotateLeft(v4, 11)) * PRIME1 + wordAt(data, limit + 12)) * PRIME2;
        v1 = (v1 + Integer.rotateLeft(v1, 11)) * PRIME3;
        v2 = (v2 + Integer.rotateLeft(v2, 17)) * PRIME3;
        v3 = (v3 + Integer.rotateLeft(v3, 19)) * PRIME3;
        v4 = (v4 + Integer.rotateLeft(v4, 13)) * PRIME3;
        int crc = v1 + Integer.rotateLeft(v2, 3) + Integer.rotateLeft(v3, 6) + Integer.rotateLeft(v4, 9);
        crc ^= crc >>> 11;
        crc += (PRIME4 + length) * PRIME1;
        crc ^= crc >>> 15;
        crc *= PRIME2;
        crc ^= crc >>> 13;
        return crc;
    }

    /** Under 16 bytes: words while more than four bytes are left, then the bytes one by one. */
    private static int small(byte[] data, int offset, int length, int seed) {
        int end = offset + length;
        int index = seed + PRIME1;
        int crc = PRIME5;
        int at = offset;
        for (; at < end - 4; at += 4, index++) {
            crc += wordAt(data, at) + index;
            crc += Integer.rotateLeft(crc, 17) * PRIME4;
            crc *= PRIME1;
        }
        for (; at < end; at++, index++) {
            crc += (data[at] & 0xFF) + index;
            crc *= PRIME1;
        }
        crc += length;
        crc ^= crc >>> 15;
        crc *= PRIME2;
        crc ^= crc >>> 13;
        crc *= PRIME3;
        crc ^= crc >>> 16;
        return crc;
    }

    private static int wordAt(byte[] data, int at) {
        return (data[at] & 0xFF)
                | (data[at + 1] & 0xFF) << 8
                | (data[at + 2] & 0xFF) << 16
                | (data[at + 3] & 0xFF) << 24;
    }
}
