package dev.swaplayer.spec;

/**
 * What a slot is, as far as anyone outside the allocator can tell.
 *
 * <p>Thread safety: immutable.
 */
public enum SlotState {
    /** Inside a free block: the allocator may hand it out (at an order its block can serve). */
    FREE,
    /** Allocated: referenced by page tables (swap count &gt; 0) or pinned by the swap cache, or both. */
    IN_USE,
    /** The header slot 0, a bad slot, or a slot past the device end in the last cluster: never allocated. */
    RESERVED
}
