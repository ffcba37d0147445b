package dev.swaplayer.check;

import java.util.Arrays;

/**
 * The explorer's set of distinct states: each state's key ({@link Observation#key()}, a few dozen bytes)
 * stored once in large byte chunks, and an open-addressing table from the key's hash to the state's id
 * (the order in which states were added, from 0). About 60 bytes per state, against some 250 for a hash
 * map of strings; lookups compare a stored hash before any byte.
 *
 * <p>Thread safety: not thread-safe; any number of threads may look up while nobody adds, which the
 * explorer's batches guarantee (the executor's hand-offs order the writes before the reads).
 */
final class StateSet {
    /** Bytes per chunk of keys: 4 MiB. */
    private static final int CHUNK = 1 << 22;
    private static final int POSITION_BITS = 22;
    private static final int LENGTH_BITS = 20;

    private byte[][] chunks = new byte[8][];
    private int chunkCount;
    /** Bytes used in the last chunk. */
    private int used;
    /** Per id: chunk index, position and key length, packed as {@code chunk << 42 | position << 20 | length}. */
    private long[] where = new long[1024];
    /** Per id: the key's hash. */
    private int[] hashes = new int[1024];
    /** Per table slot: id + 1, 0 for empty. */
    private int[] table = new int[2048];
    private int size;

    /**
     * Returns the hash a key is stored and looked up under.
     *
     * @param key a state key
     */
    static int hash(final byte[] key) {
        long h = 0x9E3779B97F4A7C15L;
        for (final byte b : key) {
            h = (h ^ b) * 0xBF58476D1CE4E5B9L;
        }
        h ^= h >>> 31;
        h *= 0x94D049BB133111EBL;
        return (int) (h ^ (h >>> 32));
    }

    /** Returns how many states it holds. */
    int size() {
        return size;
    }

    /**
     * Returns the id of the state with this key, or -1.
     *
     * @param key a state key
     * @param hash its {@link #hash}
     */
    int find(final byte[] key, final int hash) {
        final int mask = table.length - 1;
        for (int i = hash & mask;; i = (i + 1) & mask) {
            final int id = table[i] - 1;
            if (id < 0) {
                return -1;
            }
            if (hashes[id] == hash && sameKey(id, key)) {
                return id;
            }
        }
    }

    /**
     * Adds a state that it does not hold.
     *
     * @param key its key
     * @param hash the key's {@link #hash}
     * @return its id: the number of states added before it
     */
    int add(final byte[] key, final int hash) {
        if (key.length >= 1 << LENGTH_BITS) {
            throw new IllegalArgumentException("state key: " + key.length + " bytes (expected: < "
                    + (1 << LENGTH_BITS) + ")");
        }
        final int id = size;
        if (id == where.length) {
            where = Arrays.copyOf(where, id * 2);
            hashes = Arrays.copyOf(hashes, id * 2);
        }
        where[id] = store(key);
        hashes[id] = hash;
        size++;
        if ((long) size * 3 > (long) table.length * 2) {
            rehash(table.length * 2);
        } else {
            place(id, hash);
        }
        return id;
    }

    /** Forgets every state, keeping the memory for the next ones. */
    void clear() {
        Arrays.fill(table, 0);
        size = 0;
        chunkCount = Math.min(chunkCount, 1);
        used = 0;
    }

    private long store(final byte[] key) {
        if (chunkCount == 0 || used + key.length > CHUNK) {
            if (chunkCount == chunks.length) {
                chunks = Arrays.copyOf(chunks, chunkCount * 2);
            }
            if (chunks[chunkCount] == null) {
                chunks[chunkCount] = new byte[CHUNK];
            }
            chunkCount++;
            used = 0;
        }
        System.arraycopy(key, 0, chunks[chunkCount - 1], used, key.length);
        final long w = (long) (chunkCount - 1) << (POSITION_BITS + LENGTH_BITS) | (long) used << LENGTH_BITS
                | key.length;
        used += key.length;
        return w;
    }

    private boolean sameKey(final int id, final byte[] key) {
        final long w = where[id];
        final int length = (int) (w & ((1 << LENGTH_BITS) - 1));
        if (length != key.length) {
            return false;
        }
        final int position = (int) ((w >>> LENGTH_BITS) & ((1 << POSITION_BITS) - 1));
        final byte[] chunk = chunks[(int) (w >>> (POSITION_BITS + LENGTH_BITS))];
        return Arrays.equals(chunk, position, position + length, key, 0, length);
    }

    private void place(final int id, final int hash) {
        final int mask = table.length - 1;
        int i = hash & mask;
        while (table[i] != 0) {
            i = (i + 1) & mask;
        }
        table[i] = id + 1;
    }

    private void rehash(final int capacity) {
        if (capacity <= 0) {
            throw new IllegalStateException("state set: more than 2^29 states");
        }
        table = new int[capacity];
        for (int id = 0; id < size; id++) {
            place(id, hashes[id]);
        }
    }
}
