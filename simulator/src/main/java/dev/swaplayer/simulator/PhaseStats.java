package dev.swaplayer.simulator;

import dev.swaplayer.spec.Fragmentation;

/**
 * What one phase of one run measured: the swap-out counters of the phase, and the device's fragmentation at
 * its end.
 *
 * <p>Thread safety: immutable.
 *
 * @param label the phase label
 * @param counters swap-outs during the phase
 * @param fragmentation free blocks per order at the end of the phase
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
     * @param fragmentation free blocks per order at the end of the phase
     * @param usedSlots slots in use at the end of the phase
     */
    public PhaseStats(final String label, final Counters counters, final Fragmentation fragmentation,
            final long usedSlots) {
        this(label, counters, fragmentation, usedSlots, 0);
    }

    /**
     * Returns the unusable free space index at that order, in [0, 1], truncated to thousandths as the kernel prints it.
     *
     * @param order an order
     */
    public double unusableIndex(final int order) {
        return fragmentation.unusableIndexMillis(order) / 1000.0;
    }
}
