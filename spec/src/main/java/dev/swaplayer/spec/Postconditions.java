package dev.swaplayer.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Postconditions that relate a result to the state before the call, checked independently of the placement
 * rules: INV-8 (minimal extents, by brute-force dynamic programming rather than the greedy rule the
 * allocators use) and INV-9 (contiguous first).
 *
 * <p>Thread safety: stateless.
 */
public final class Postconditions {
    private Postconditions() {
    }

    /**
     * Checks a compound placement against the state it was made in.
     *
     * @param before the state before the call
     * @param order the folio order
     * @param pageSlots the slot of each page
     * @return the violations, empty when both postconditions hold
     */
    public static List<InvariantChecker.Violation> checkCompound(final Snapshot before, final int order,
            final long[] pageSlots) {
        return checkCompound(before, order, pageSlots, false);
    }

    /**
     * Checks a compound placement against the state it was made in; with {@code metadataRefused} (the budget may
     * have refused a cluster's metadata during the call), only the free slots of clusters that held metadata
     * count, for both the contiguous run that must not have been free and the fewest extents.
     *
     * @param before the state before the call
     * @param order the folio order
     * @param pageSlots the slot of each page
     * @param metadataRefused whether the call ran with a metadata failure injected
     * @return the violations, empty when both postconditions hold
     */
    public static List<InvariantChecker.Violation> checkCompound(final Snapshot before, final int order,
            final long[] pageSlots, final boolean metadataRefused) {
        final List<InvariantChecker.Violation> out = new ArrayList<>();
        final Geometry g = before.geometry();
        final int e = g.effectiveOrder(order);
        if (longestFreeRun(before, g.minOrder(), g.aligned(), metadataRefused) >= 1L << e) {
            out.add(new InvariantChecker.Violation(Invariant.INV_9, "compound placement of order " + order
                    + " although a contiguous run of " + (1L << e) + " slots was free"
                    + (metadataRefused ? " in a cluster with metadata" : "")));
        }
        final int used = extentsOf(g, pageSlots);
        final int minimum = minimalExtents(before, pageSlots.length, metadataRefused);
        if (used != minimum) {
            out.add(new InvariantChecker.Violation(Invariant.INV_8, "compound placement of order " + order
                    + " uses " + used + " extents; the fewest possible is " + minimum));
        }
        return out;
    }

    /**
     * Returns how many extents they form: maximal runs of consecutive slots, cut at cluster boundaries.
     *
     * @param g the geometry
     * @param pageSlots slots in page order
     */
    public static int extentsOf(final Geometry g, final long[] pageSlots) {
        int extents = 0;
        for (int i = 0; i < pageSlots.length; i++) {
            if (i == 0 || pageSlots[i] != pageSlots[i - 1] + 1
                    || g.clusterOf(pageSlots[i]) != g.clusterOf(pageSlots[i - 1])) {
                extents++;
            }
        }
        return extents;
    }

    /**
     * The fewest extents that can hold {@code need} slots, by dynamic programming over chunks: an extent is a
     * run of wholly free {@code 2^minOrder} chunks inside one cluster.
     *
     * @param s the state
     * @param need slots wanted, a multiple of the chunk
     * @return the minimum, or -1 when not enough chunks are free
     */
    public static int minimalExtents(final Snapshot s, final long need) {
        return minimalExtents(s, need, false);
    }

    /** As {@link #minimalExtents(Snapshot, long)}; with {@code metadataOnly}, over clusters with metadata only. */
    static int minimalExtents(final Snapshot s, final long need, final boolean metadataOnly) {
        final Geometry g = s.geometry();
        final int chunk = 1 << g.minOrder();
        final int units = (int) (need / chunk);
        final int chunks = (int) (g.totalSlots() / chunk);
        final int inf = Integer.MAX_VALUE / 2;
        // best[t][open]: fewest extents so far having taken t chunks; open = the previous chunk was taken
        int[][] best = new int[units + 1][2];
        for (final int[] row : best) {
            Arrays.fill(row, inf);
        }
        best[0][0] = 0;
        for (int c = 0; c < chunks; c++) {
            final boolean free = chunkFree(s, (long) c * chunk, chunk)
                    && (!metadataOnly || s.hasClusterMetadata(g.clusterOf((long) c * chunk)));
            final boolean clusterStart = ((long) c * chunk & (g.clusterSlots() - 1)) == 0;
            final int[][] next = new int[units + 1][2];
            for (int t = 0; t <= units; t++) {
                next[t][0] = Math.min(best[t][0], best[t][1]);
                next[t][1] = inf;
            }
            for (int t = 0; t < units && free; t++) {
                final int cont = clusterStart ? inf : best[t][1];
                final int fresh = Math.min(best[t][0], best[t][1]) + 1;
                next[t + 1][1] = Math.min(next[t + 1][1], Math.min(cont, fresh));
            }
            best = next;
        }
        final int answer = Math.min(best[units][0], best[units][1]);
        return answer >= inf ? -1 : answer;
    }

    private static boolean chunkFree(final Snapshot s, final long first, final int chunk) {
        for (long x = first; x < first + chunk; x++) {
            if (s.state(x) != SlotState.FREE) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the longest free run inside one cluster starting on the alignment, in slots.
     *
     * @param s a state
     * @param alignOrder runs must start at a multiple of {@code 2^alignOrder}
     * @param aligned when true, only naturally aligned runs of each size count (the longest aligned block)
     * @param metadataOnly when true, only runs in clusters that hold metadata count
     */
    static long longestFreeRun(final Snapshot s, final int alignOrder, final boolean aligned,
            final boolean metadataOnly) {
        final Geometry g = s.geometry();
        long longest = 0;
        if (aligned) {
            for (final long b : s.freeBlocks()) {
                if (!metadataOnly || s.hasClusterMetadata(g.clusterOf(Blocks.start(b)))) {
                    longest = Math.max(longest, 1L << Blocks.order(b));
                }
            }
            return longest;
        }
        final long step = 1L << alignOrder;
        for (long start = step; start < g.totalSlots(); start += step) {
            if (metadataOnly && !s.hasClusterMetadata(g.clusterOf(start))) {
                continue;
            }
            long end = start;
            while (end < g.totalSlots() && s.state(end) == SlotState.FREE
                    && g.clusterOf(end) == g.clusterOf(start)) {
                end++;
            }
            longest = Math.max(longest, (end - start) / step * step);
        }
        return longest;
    }
}
