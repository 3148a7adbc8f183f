package dev.orderlog.devservices.kurrentdb.persistent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Pinned strategies' stream hash is KurrentDB's, checked the way KurrentDB's own tests check it. */
class StreamHashTest {
    /**
     * SMHasher's verification: hash the keys {}, {0}, {0,1}, ... {0..254} with seed 256 - length, then hash the 256
     * little-endian results with seed 0. KurrentDB's xxhash test expects 0x56D249B1 of its XXHashUnsafe.
     */
    @Test
    void passesTheSmHasherVerificationKurrentDbsHashPasses() {
        byte[] key = new byte[256];
        byte[] hashes = new byte[4 * 256];
        for (int length = 0; length < 256; length++) {
            key[length] = (byte) length;
            int hash = StreamHash.hash(key, 0, length, 256 - length);
            for (int b = 0; b < 4; b++) {
                hashes[length * 4 + b] = (byte) (hash >>> (8 * b));
            }
        }
        assertThat(StreamHash.hash(hashes, 0, hashes.length, 0)).isEqualTo(0x56D249B1);
    }
}
