package dev.swaplayer.verify;

import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.spec.SwapSpaceModel;

/**
 * The swap-count calls a check makes on a held page, each legal only in some states (the misuse cases are
 * {@link Misuse}'s); each applies to the allocator and to the model alike.
 *
 * <p>Thread safety: immutable.
 */
enum SwapCountCall {
    DUP("dup") {
        @Override
        boolean legal(final SwapSpaceModel m, final long slot) {
            return true;
        }

        @Override
        Object apply(final SwapCounts c, final long entry) {
            return c.dup(entry);
        }

        @Override
        Object apply(final SwapSpaceModel m, final long slot) {
            return m.dup(slot);
        }
    },
    PUT("put") {
        @Override
        boolean legal(final SwapSpaceModel m, final long slot) {
            return m.swapCount(slot) > 0;
        }

        @Override
        Object apply(final SwapCounts c, final long entry) {
            return c.put(entry);
        }

        @Override
        Object apply(final SwapSpaceModel m, final long slot) {
            return m.put(slot);
        }
    },
    CACHE_ADD("cacheAdd") {
        @Override
        boolean legal(final SwapSpaceModel m, final long slot) {
            return true;
        }

        /** A swap-in racing the last {@code put} ({@code swapcache_prepare} after it): NOT_IN_USE, nothing changed. */
        @Override
        boolean legalOnAFreedSlot() {
            return true;
        }

        @Override
        Object apply(final SwapCounts c, final long entry) {
            return c.cacheAdd(entry);
        }

        @Override
        Object apply(final SwapSpaceModel m, final long slot) {
            return m.cacheAdd(slot);
        }
    },
    CACHE_DEL("cacheDel") {
        @Override
        boolean legal(final SwapSpaceModel m, final long slot) {
            return m.cached(slot);
        }

        @Override
        Object apply(final SwapCounts c, final long entry) {
            return c.cacheDel(entry);
        }

        @Override
        Object apply(final SwapSpaceModel m, final long slot) {
            return m.cacheDel(slot);
        }
    };

    private final String label;

    SwapCountCall(final String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** Returns whether the call is legal on a held page's slot in the model's state (else it is misuse). */
    abstract boolean legal(SwapSpaceModel m, long slot);

    /**
     * Returns whether the call is legal on a page freed while the rest of its allocation is still held, its slot
     * free on the device: only a {@code cacheAdd}, which must answer NOT_IN_USE.
     */
    boolean legalOnAFreedSlot() {
        return false;
    }

    abstract Object apply(SwapCounts c, long entry);

    abstract Object apply(SwapSpaceModel m, long slot);
}
