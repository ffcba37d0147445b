package dev.swaplayer.allocator;

/**
 * A set of cluster numbers, one of the device indexes of {@link FreeSpace}: a bitmap of the clusters with
 * summary levels above it, so that its lowest member is found again in one word read per level (two levels up to
 * 4,096 clusters, three up to 262,144) whatever the device size, and a change touches a word per level only when
 * a word becomes zero or stops being zero.
 *
 * <p>Thread safety: not thread-safe; guarded by the owning allocator's device lock, like every index of
 * {@link FreeSpace}.
 *
 * <h2>Layout</h2>
 * <pre>
 *   level 0        bit c set iff cluster c is in the set
 *   level i + 1    bit w set iff word w of level i is not zero
 *   the top level has one word
 * </pre>
 * The levels lie one after another in one array, level 0 first ({@code base[i]} is level i's first word), so that
 * a change that leaves its word non-zero, or zero, costs one word of one array. It replaces
 * {@code java.util.BitSet}, whose {@code nextSetBit(0)} reads every word from the first, and whose {@code clear} of
 * the highest member rescans the words below it for its new length: both grew with the device. The words are made
 * on the first {@link #set}, so that an index nothing was put in costs nothing.
 *
 * <p>The lowest member is also kept in a field ({@link #lowest}): the placement asks for it on every free it
 * might hold back and on every allocation, far more often than a change moves it, and a field read spares the
 * dependent word reads. {@link #set} lowers it; {@link #clear} of the lowest member finds the next one through the
 * levels. {@link #summaryMismatch} checks it against the levels, as it checks the levels against the words.
 */
final class ClusterSet {
    /** The first word of each level in {@link #words}, then the total: {@code levels + 1} entries. */
    private final int[] base;
    /** The levels ({@link ClusterSet}'s layout), or null until the first member. */
    private long[] words;
    /** The lowest member, or -1 when the set is empty: what {@link #lowestInLevels} would return. */
    private int lowest = -1;

    /**
     * An empty set.
     *
     * @param size the clusters it can hold, numbered 0..size-1
     */
    ClusterSet(final int size) {
        int levels = 1;
        for (int n = wordsFor(size); n > 1; n = wordsFor(n)) {
            levels++;
        }
        this.base = new int[levels + 1];
        int bits = size;
        for (int i = 0; i < levels; i++) {
            base[i + 1] = base[i] + wordsFor(bits);
            bits = wordsFor(bits);
        }
    }

    /** A copy of {@code o}. */
    ClusterSet(final ClusterSet o) {
        this.base = o.base;
        this.words = o.words == null ? null : o.words.clone();
        this.lowest = o.lowest;
    }

    /**
     * Returns {@code count} empty sets of {@code size} clusters: a family of device indexes, one per order or
     * bucket. Their words are made on their first member, so an empty device pays little for them.
     */
    static ClusterSet[] array(final int count, final int size) {
        final ClusterSet[] sets = new ClusterSet[count];
        for (int i = 0; i < count; i++) {
            sets[i] = new ClusterSet(size);
        }
        return sets;
    }

    /** Returns a copy of each set of {@code o}. */
    static ClusterSet[] copies(final ClusterSet[] o) {
        final ClusterSet[] sets = new ClusterSet[o.length];
        for (int i = 0; i < o.length; i++) {
            sets[i] = new ClusterSet(o[i]);
        }
        return sets;
    }

    /** Takes cluster c out of every set of {@code sets}. */
    static void clearAll(final ClusterSet[] sets, final int c) {
        for (final ClusterSet set : sets) {
            set.clear(c);
        }
    }

    private static int wordsFor(final int bits) {
        return Math.max(1, (bits + Long.SIZE - 1) >>> 6);
    }

    /** Returns whether cluster c is in the set. */
    boolean get(final int c) {
        return words != null && (words[c >>> 6] & 1L << c) != 0;
    }

    /** Puts cluster c in the set. */
    void set(final int c) {
        long[] bits = words;
        if (bits == null) {
            bits = new long[base[base.length - 1]];
            words = bits;
        }
        final long before = bits[c >>> 6];
        bits[c >>> 6] = before | 1L << c;
        if (before == 0) {
            markAbove(bits, c >>> 6);
        }
        if (lowest < 0 || c < lowest) {
            lowest = c;
        }
    }

    /** Word w of level 0 stopped being zero: marks it in the levels above, up to one that already had a mark. */
    private void markAbove(final long[] bits, final int w) {
        int bit = w;
        for (int i = 1; i < base.length - 1; i++) {
            final int at = base[i] + (bit >>> 6);
            final long before = bits[at];
            bits[at] = before | 1L << bit;
            if (before != 0) {
                return;
            }
            bit >>>= 6;
        }
    }

    /** Takes cluster c out of the set. */
    void clear(final int c) {
        final long[] bits = words;
        if (bits == null) {
            return;
        }
        final long after = bits[c >>> 6] & ~(1L << c);
        bits[c >>> 6] = after;
        if (after == 0) {
            unmarkAbove(bits, c >>> 6);
        }
        if (c == lowest) {
            lowest = lowestInLevels();
        }
    }

    /** Word w of level 0 became zero: unmarks it in the levels above, up to one whose word keeps a mark. */
    private void unmarkAbove(final long[] bits, final int w) {
        int bit = w;
        for (int i = 1; i < base.length - 1; i++) {
            final int at = base[i] + (bit >>> 6);
            final long after = bits[at] & ~(1L << bit);
            bits[at] = after;
            if (after != 0) {
                return;
            }
            bit >>>= 6;
        }
    }

    /** Puts cluster c in the set or takes it out. */
    void set(final int c, final boolean member) {
        if (member) {
            set(c);
        } else {
            clear(c);
        }
    }

    /**
     * Returns the lowest cluster in the set, or -1 when it is empty (kept up to date by {@link #set} and
     * {@link #clear}).
     *
     * @return the lowest member, or -1
     */
    int lowest() {
        return lowest;
    }

    /**
     * The lowest member found through the levels, one word per level from the top, or -1 when there is none. Only
     * {@link #clear} asks, and only once the first {@link #set} has made the words.
     */
    private int lowestInLevels() {
        final long[] bits = words;
        int at = 0;
        for (int i = base.length - 2; i >= 0; i--) {
            final long word = bits[base[i] + at];
            if (word == 0) {
                return -1; // only the top word can be zero: below it, a set bit names a non-zero word
            }
            at = at << 6 | Long.numberOfTrailingZeros(word);
        }
        return at;
    }

    /** Returns the number of clusters in the set. */
    int cardinality() {
        int n = 0;
        for (int w = 0; words != null && w < base[1]; w++) {
            n += Long.bitCount(words[w]);
        }
        return n;
    }

    /**
     * Returns null when every summary bit is set exactly for the non-zero words of the level below and the kept
     * lowest member is the lowest set bit of level 0, else what disagrees: for the audit, since {@link #lowest}
     * trusts the field and {@link #clear} the summaries.
     *
     * @return null, or the first level and word whose summary bit is wrong, or the lowest member's disagreement
     */
    String summaryMismatch() {
        for (int i = 0; words != null && i + 2 < base.length; i++) {
            for (int w = 0; w < base[i + 1] - base[i]; w++) {
                final boolean marked = (words[base[i + 1] + (w >>> 6)] & 1L << w) != 0;
                if (marked != (words[base[i] + w] != 0)) {
                    return "level " + i + " word " + w + " is " + Long.toHexString(words[base[i] + w])
                            + " but its summary bit is " + marked;
                }
            }
        }
        final int first = firstInLevelZero();
        return first == lowest ? null : "the lowest member is kept as " + lowest + " but level 0's is " + first;
    }

    /** The lowest set bit of level 0 read word by word, without the summaries, or -1. */
    private int firstInLevelZero() {
        for (int w = 0; words != null && w < base[1]; w++) {
            if (words[w] != 0) {
                return w << 6 | Long.numberOfTrailingZeros(words[w]);
            }
        }
        return -1;
    }

    /** Overwrites the kept lowest member; for the test that {@link #summaryMismatch} catches a wrong one. */
    void setLowestForTest(final int c) {
        lowest = c;
    }

    /**
     * Returns the index of a level's first word in {@link #wordsForTest()}: for the test that {@link #summaryMismatch}
     * catches a wrong summary.
     *
     * @param level a level, 0 for the clusters themselves
     */
    int levelBaseForTest(final int level) {
        return base[level];
    }

    /** Returns the words (null until the first member); for tests. */
    long[] wordsForTest() {
        return words;
    }

    /** Returns the number of levels; for tests. */
    int levelsForTest() {
        return base.length - 1;
    }
}
