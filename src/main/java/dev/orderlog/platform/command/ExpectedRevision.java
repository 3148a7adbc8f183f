package dev.orderlog.platform.command;

/**
 * What a command expects of its stream before it appends: any revision (the pipeline retries a race itself), no stream
 * yet, or exactly one revision (the HTTP edge's {@code If-Match}). The caller's expectation travels as this type from
 * the edge to the append, so a stale one is told from a race lost to another writer.
 */
public sealed interface ExpectedRevision {
    ExpectedRevision ANY = new Any();
    ExpectedRevision NO_STREAM = new NoStream();

    static ExpectedRevision exactly(long revision) {
        return new Exactly(revision);
    }

    /** Whether a stream at {@code revision} (-1 when it has no event) is what the command expects. */
    boolean admits(long revision);

    /** Whether the caller named the stream's state, so a stream elsewhere is theirs to resolve (412), not retried. */
    default boolean named() {
        return !(this instanceof Any);
    }

    record Any() implements ExpectedRevision {
        @Override
        public boolean admits(long revision) {
            return true;
        }

        @Override
        public String toString() {
            return "any revision";
        }
    }

    record NoStream() implements ExpectedRevision {
        @Override
        public boolean admits(long revision) {
            return revision < 0;
        }

        @Override
        public String toString() {
            return "no stream";
        }
    }

    record Exactly(long revision) implements ExpectedRevision {
        public Exactly {
            if (revision < 0) {
                throw new IllegalArgumentException("A revision is never negative: " + revision);
            }
        }

        @Override
        public boolean admits(long current) {
            return current == revision;
        }

        @Override
        public String toString() {
            return "revision " + revision;
        }
    }
}
