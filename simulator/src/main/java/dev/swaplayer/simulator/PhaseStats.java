package dev.swaplayer.simulator;

import dev.swaplayer.spec.Fragmentation;

/**
 * What one phase of one run measured: the swap-out counters of the phase, and the device's fragmentation at
 * its end when it is known. A kernel run has none: the kernel exposes no free-block view of a swap device, so
 * its phases carry no {@link Fragmentation} and every report leaves those cells empty rather than show the free
 * space of an empty map.
 *
 * <p>Thread safety: immutable.
 *
 * @param label the phase label
 * @param counters swap-outs during the phase
 * @param fragmentation free blocks per order at the end of the phase, or null when unknown (a kernel run)
 * @param usedSlots slots in use at the end of the phase
 * @param wastedSlots of those, slots that hold no page: the padding of allocations rounded up to the minimum
 *     order ({@code --min-order}; {@link PolicySlots#wastedSlots()})
 */
public record PhaseStats(String label, Counters counters, Fragmentation fragmentation, long usedSlots,
        long wastedSlots) {

    /**
     * A phase without padding (minimum order 0, or a kernel run that does not report it).
     *
     * @param label the phase label
     * @param counters swap-outs during the phase
     * @param fragmentation free blocks per order at the end of the phase, or null when unknown (a kernel run)
     * @param usedSlots slots in use at the end of the phase
     */
    public PhaseStats(final String label, final Counters counters, final Fragmentation fragmentation,
            final long usedSlots) {
        this(label, counters, fragmentation, usedSlots, 0);
    }

    /** Returns whether the free blocks at the phase's end are known: false for a kernel run. */
    public boolean hasFreeBlocks() {
        return fragmentation != null;
    }

    /**
     * Returns the unusable free space index at that order, in [0, 1], truncated to thousandths as the kernel prints
     * it; NaN (undefined, an empty cell in every report) when the free blocks are not known.
     *
     * @param order an order
     */
    public double unusableIndex(final int order) {
        return fragmentation == null ? Double.NaN : fragmentation.unusableIndexMillis(order) / 1000.0;
    }
}
