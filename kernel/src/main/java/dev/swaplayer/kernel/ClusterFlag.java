package dev.swaplayer.kernel;

/**
 * The list a swap cluster is on, named as the kernel names its cluster flags ({@code CLUSTER_FLAG_*} in 6.12,
 * the flag enum of 6.18 and later).
 *
 * <p>Thread safety: immutable.
 */
public enum ClusterFlag {
    /** On no list: in the 6.10 model, a cluster with at least one slot in use (or reserved). */
    NONE,
    /** On the free list: every slot free ({@code count == 0}). */
    FREE,
    /** On {@code nonfull[order]} (6.12): partly used, not yet found fragmented by a scan. */
    NONFULL,
    /** On {@code frag[order]} (6.12): partly used, and a scan of its order failed or passed over it. */
    FRAG,
    /** On the full list (6.12): {@code count == clusterSlots}. */
    FULL,
    /**
     * On the discard list, waiting for a discard before it becomes free. Never used here: the modelled device
     * does not set {@code SWP_PAGE_DISCARD} (zram, or any swapon without {@code --discard}).
     */
    DISCARD
}
