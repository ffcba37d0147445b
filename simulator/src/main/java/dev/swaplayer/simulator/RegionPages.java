package dev.swaplayer.simulator;

/**
 * The pages of one region of a {@link Memory}: per page its state, the order of its folio or of its stored
 * handle, and the handle, in three parallel arrays; and the edits that keep a folio whole (set, fill, split).
 *
 * <p>Thread safety: not thread-safe; its memory owns it.
 *
 * <pre>
 *   page      0   1   2   3   4   5   6   7
 *   state     R   R   R   R   S   S   A   S      ABSENT | RESIDENT | SWAPPED
 *   order     2   2   2   2   1   1   0   0      a resident folio of order 2; a handle stored at order 1
 *   handle    -   -   -   -   h   h   -   h'     SWAPPED only; page p is page (p mod 2^order) of it
 * </pre>
 * A folio of order k covers the aligned run {@code [p & ~(2^k-1), +2^k)}.
 */
final class RegionPages {
    static final byte ABSENT = 0;
    static final byte RESIDENT = 1;
    static final byte SWAPPED = 2;
    private static final Memory.PageState[] STATES = Memory.PageState.values();

    final int index;
    final Workload.Region spec;
    final byte[] state;
    final byte[] order;
    final long[] handle;

    RegionPages(final int index, final Workload.Region spec) {
        this.index = index;
        this.spec = spec;
        this.state = new byte[spec.pages()];
        this.order = new byte[spec.pages()];
        this.handle = new long[spec.pages()];
    }

    /** Sets one page; a page that is not swapped keeps no handle. */
    void set(final int p, final byte s, final int k) {
        state[p] = s;
        order[p] = (byte) k;
        if (s != SWAPPED) {
            handle[p] = 0;
        }
    }

    /** Sets {@code n} pages from {@code from}. */
    void fill(final int from, final int n, final byte s, final int k) {
        for (int q = from; q < from + n; q++) {
            set(q, s, k);
        }
    }

    /** Stores a folio whole: its {@code 2^k} pages swapped at order k under one handle. */
    void storeWhole(final int head, final int k, final long h) {
        fill(head, 1 << k, SWAPPED, k);
        for (int q = head; q < head + (1 << k); q++) {
            handle[q] = h;
        }
    }

    /** Returns whether every page of the folio at {@code head} is still swapped out under handle h at order k. */
    boolean wholeFolioSwapped(final int head, final int k, final long h) {
        for (int q = head; q < head + (1 << k); q++) {
            if (state[q] != SWAPPED || handle[q] != h || order[q] != k) {
                return false;
            }
        }
        return true;
    }

    /**
     * Faults an absent page in fresh: one folio of the region's folio order when its whole aligned run is absent
     * and inside the region, else order 0.
     */
    void freshFault(final int p) {
        final int k = spec.folioOrder();
        final int head = p & -(1 << k);
        if (k > 0 && head + (1 << k) <= state.length && allAbsent(head, 1 << k)) {
            fill(head, 1 << k, RESIDENT, k);
        } else {
            set(p, RESIDENT, 0);
        }
    }

    private boolean allAbsent(final int from, final int n) {
        for (int q = from; q < from + n; q++) {
            if (state[q] != ABSENT) {
                return false;
            }
        }
        return true;
    }

    /** Splits the resident folio holding p into order-0 folios when [from, end) does not cover it. */
    void splitIfCut(final int p, final int from, final int end) {
        final int k = order[p];
        if (k == 0) {
            return;
        }
        final int head = p & -(1 << k);
        if (head < from || head + (1 << k) > end) {
            fill(head, 1 << k, RESIDENT, 0);
        }
    }

    /** Checks that the resident page p's folio is aligned, inside the region and wholly resident at order k. */
    void checkResidentFolio(final int p, final int head, final int k) {
        if (head + (1 << k) > state.length) {
            throw broken(p, "resident folio of order " + k + " runs past the region");
        }
        for (int q = head; q < head + (1 << k); q++) {
            if (state[q] != RESIDENT || order[q] != k) {
                throw broken(p, "resident folio of order " + k + " is not whole: page " + q + " is "
                        + STATES[state[q]] + " order " + order[q]);
            }
        }
    }

    /** Returns the error naming a page of this region and what is wrong with it. */
    AssertionError broken(final int p, final String what) {
        return new AssertionError("memory model: region " + spec.name() + " page " + p + ": " + what);
    }

    /** Returns how many pages are in that state. */
    long count(final byte s) {
        long n = 0;
        for (final byte x : state) {
            n += x == s ? 1 : 0;
        }
        return n;
    }
}
