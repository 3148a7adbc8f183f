package dev.orderlog.devservices.kurrentdb.log;

/**
 * A list that one writer at a time appends to while any number of readers read it without locks.
 * Appended items stay invisible until {@link #publish()}, so a multi-event append becomes visible at once.
 */
public final class AppendOnlyList<T> {
    private static final int CHUNK_BITS = 12;
    private static final int CHUNK_SIZE = 1 << CHUNK_BITS;
    private static final int CHUNK_MASK = CHUNK_SIZE - 1;

    private volatile Object[][] chunks = new Object[8][];
    private volatile int published;
    private int pending;

    /** Adds an item that readers see only after the next {@link #publish()}. Callers serialize writes. */
    void add(T item) {
        int chunk = pending >>> CHUNK_BITS;
        Object[][] current = chunks;
        if (chunk == current.length) {
            Object[][] grown = java.util.Arrays.copyOf(current, current.length * 2);
            chunks = grown;
            current = grown;
        }
        if (current[chunk] == null) {
            current[chunk] = new Object[CHUNK_SIZE];
        }
        current[chunk][pending & CHUNK_MASK] = item;
        pending++;
    }

    void publish() {
        published = pending;
    }

    /** Drops the items added since the last publish (an append that failed half way). */
    void rollback() {
        pending = published;
    }

    public int size() {
        return published;
    }

    @SuppressWarnings("unchecked")
    public T get(int index) {
        if (index < 0 || index >= published) {
            throw new IndexOutOfBoundsException(index);
        }
        return (T) chunks[index >>> CHUNK_BITS][index & CHUNK_MASK];
    }
}
