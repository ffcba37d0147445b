package dev.swaplayer.allocator;

/**
 * Bugs that can be planted in a {@link BuddyAllocator} on purpose, to prove that the checkers catch them.
 * A checker that cannot fail proves nothing.
 *
 * <p>Thread safety: immutable.
 */
public enum Fault {
    /** No bug: the real allocator. */
    NONE,
    /** Coalescing stops one order short of maxOrder: two free buddies of order maxOrder-1 stay apart. */
    SKIP_TOP_COALESCE,
    /** Freed runs are cut into blocks by length only, ignoring alignment: misaligned free blocks appear. */
    IGNORE_ALIGNMENT,
    /**
     * No lock is ever taken: the allocator behaves as before it was made thread-safe. Single-threaded use is
     * still correct; concurrent use races (the JCStress and Lincheck demos show it).
     */
    NO_LOCKS
}
