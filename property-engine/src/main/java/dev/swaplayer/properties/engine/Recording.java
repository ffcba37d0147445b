package dev.swaplayer.properties.engine;

import java.util.Arrays;
import java.util.List;

/**
 * Immutable record of the raw choices one test case drew, with the structure (collections and
 * their elements) the shrinker uses to delete whole elements.
 *
 * <p>Thread safety: immutable.
 */
final class Recording {

    private final long[] raws;
    private final long[] spans;
    private final List<ListSpan> lists;

    Recording(final long[] raws, final long[] spans, final List<ListSpan> lists) {
        this.raws = raws;
        this.spans = spans;
        this.lists = List.copyOf(lists);
    }

    int size() {
        return raws.length;
    }

    long raw(final int index) {
        return raws[index];
    }

    long span(final int index) {
        return spans[index];
    }

    long[] raws() {
        return raws.clone();
    }

    List<ListSpan> lists() {
        return lists;
    }

    /** Shortlex order: fewer choices first, then lexicographically smaller (unsigned) raws. */
    boolean simplerThan(final Recording other) {
        if (raws.length != other.raws.length) {
            return raws.length < other.raws.length;
        }
        return Arrays.compareUnsigned(raws, other.raws) < 0;
    }

    /**
     * Immutable span of one collection: the index of its length choice and the choice ranges
     * {@code [start, end)} of its elements.
     */
    static final class ListSpan {
        private final int lengthIndex;
        private final int[] starts;
        private final int[] ends;
        private final boolean[] counted;

        ListSpan(final int lengthIndex, final int[] starts, final int[] ends, final boolean[] counted) {
            this.lengthIndex = lengthIndex;
            this.starts = starts;
            this.ends = ends;
            this.counted = counted;
        }

        int lengthIndex() {
            return lengthIndex;
        }

        int elements() {
            return starts.length;
        }

        int start(final int element) {
            return starts[element];
        }

        int end(final int element) {
            return ends[element];
        }

        /** Counts the elements in {@code [from, to)} that count toward the length choice. */
        int countedIn(final int from, final int to) {
            int n = 0;
            for (int i = from; i < to; i++) {
                if (counted[i]) {
                    n++;
                }
            }
            return n;
        }
    }
}
