package dev.swaplayer.allocator;

import dev.swaplayer.spec.Geometry;

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
     * Only {@code dup} skips its cluster lock: it reads the slot's state byte and writes back count + 1
     * without holding {@code ci->lock}, a non-atomic read-modify-write as a lost update of the swap count
     * would be (the kernel's {@code __swap_duplicate} in {@code mm/swapfile.c}, v6.10, does it under
     * {@code lock_cluster_or_swap_info}). A concurrent {@code put}, {@code dup}, {@code cacheAdd} or
     * {@code cacheDel} of the same slot can then be undone. Every other operation still locks, and
     * single-threaded use is still correct; the contended Lincheck scenario of the swap counts must reject it.
     */
    UNLOCKED_DUP,
    /**
     * A refused cluster-metadata request is ignored: the allocator asks its {@code MetadataBudget} and creates the
     * cluster's metadata whatever the answer, as if the allocation could not fail. Refinement under injected
     * failures (the model degrades) and the audit's budget check under a limit must catch it (INV-24).
     */
    IGNORE_METADATA_BUDGET,
    /**
     * The reserve is never lent: an order-0 allocation whose cluster request is refused fails although the
     * reserve is home. The forward-progress property and refinement (the model lends) must catch it (INV-25).
     */
    NO_METADATA_RESERVE,
    /**
     * Every freed aligned block is held back and handed to the next allocation of its order, without asking whether
     * the placement rule would choose it ({@code HeldBlock} asks {@code BlockPlacement.wouldTake}): allocations
     * then take the block just freed where the rule names a lower one. Refinement against the specification model
     * (the placement rule, INV-15) and the exhaustive check must catch it.
     */
    RETAKE_UNCHECKED,
    /**
     * A free whose run is not wholly in use frees the in-use slots before the first one that is not, then rejects
     * the call with the same error the real allocator gives: the partial failure of a loop that checks each slot
     * as it goes. Results still agree with the specification; only the check that a rejected call changed nothing
     * (INV-13: the properties' harness and the exhaustive explorer) can catch it.
     */
    PARTIAL_REJECTED_FREE;

    /**
     * Returns why this bug cannot act on a device of that geometry, or null when it can: a planted bug that cannot
     * act makes a checker pass and proves nothing, so a tool that plants one on the user's geometry refuses it. The
     * reasons follow the code each bug lives in: coalescing and cutting free runs need blocks larger than a slot
     * ({@code ClusterFreeBlocks}; a minimum order does not stop them, since a single slot can still be freed), a
     * held block needs aligned placement ({@code HeldBlock}), and a rejected free with an in-use prefix needs runs
     * of two slots or more. The bugs that act on the swap counts, the metadata or under threads act on any
     * geometry. {@code PlantedFaultReachTest} (check) holds these reasons against the exhaustive check.
     *
     * @param g a geometry
     * @return null, or what the geometry lacks and why, to follow {@code expected: } in a message
     */
    public String inertOn(final Geometry g) {
        return switch (this) {
            case SKIP_TOP_COALESCE -> g.maxOrder() > 0 ? null : "a maximum order of at least 1; with order 0 alone"
                    + " no free slot has a buddy to coalesce with";
            case IGNORE_ALIGNMENT -> g.maxOrder() > 0 ? null : "a maximum order of at least 1; with order 0 alone"
                    + " every free run is cut into single slots, aligned or not";
            case RETAKE_UNCHECKED -> g.aligned() ? null : "an aligned geometry; unaligned placement holds no freed"
                    + " block back, so none can be retaken";
            case PARTIAL_REJECTED_FREE -> g.maxOrder() > 0 ? null : "a maximum order of at least 1; a free of one"
                    + " slot has no in-use prefix to free before it is rejected";
            default -> null;
        };
    }
}
