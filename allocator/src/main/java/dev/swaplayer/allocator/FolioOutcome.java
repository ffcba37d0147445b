package dev.swaplayer.allocator;

/**
 * How a folio swap-out went, in the kernel's vocabulary (the per-order sysfs counters under
 * {@code /sys/kernel/mm/transparent_hugepage/hugepages-*kB/stats/}).
 *
 * <p>Thread safety: immutable.
 */
public enum FolioOutcome {
    /** Stored whole in one contiguous run: counts as {@code swpout}. */
    SWPOUT,
    /** Stored whole under a compound descriptor: {@code swpout_compound} (no kernel counterpart). */
    SWPOUT_COMPOUND,
    /** Split into order-0 pages, some or all of which found a slot: {@code swpout_fallback}. */
    SWPOUT_FALLBACK,
    /** Not a single page found a slot: the folio stays resident. */
    FAILED
}
