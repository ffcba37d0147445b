package dev.swaplayer.allocator;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.Arrays;

/**
 * Compound placement ("Algorithm: compound placement" in {@link BuddyAllocator}'s class comment): the extents
 * of a folio that no contiguous run holds, chosen from the free space alone and changing nothing. Collect the
 * maximal runs of free chunks in each cluster; the fewest runs whose lengths reach the folio decide the
 * extent count; take them longest first, lowest address among equals, and the remainder from the start of the
 * shortest run left that holds it. The greedy rule is computed from a histogram of run lengths, so no sort is
 * needed.
 *
 * <p>Thread safety: under the device lock only (it reads free space, and its scratch is reused), which
 * {@link #pieces} asserts.
 */
final class CompoundPlacement {
    final FreeSpace space;
    /** Scratch, reused under the device lock: how many runs of each length. */
    @GuardedBy("space.deviceLock")
    private final int[] runHistogram;
    @GuardedBy("space.deviceLock")
    private final long[] runScratch;

    CompoundPlacement(final FreeSpace space) {
        this.space = space;
        this.runHistogram = new int[space.clusterSlots + 1];
        this.runScratch = new long[Math.max(1, space.clusterSlots >>> 6)];
    }

    /**
     * Chooses the extents of a compound placement. Under the device lock.
     *
     * @param need the folio's slots
     * @return pieces as {start, length} pairs in ascending address order, or null when too few slots are free
     */
    @GuardedBy("space.deviceLock")
    long[] pieces(final long need) {
        assert space.locks.holdsDevice() : "compound placement without the device lock";
        final int minOrder = space.geometry.minOrder();
        final int[] hist = runHistogram; // all zero between calls
        long total = 0;
        int maxLength = 0;
        for (final Cluster cl : space.clusters) { // first pass: the histogram of run lengths
            if (cl != null && cl.freeCount >= 1 << minOrder) {
                final FreeRuns runs = cl.freeRuns(minOrder, runScratch); // kept current across takes
                final int[] lengths = runs.lengths();
                for (int i = 0; i < runs.lengthInts(); i += 2) {
                    hist[lengths[i]] += lengths[i + 1];
                    total += (long) lengths[i] * lengths[i + 1];
                }
                maxLength = Math.max(maxLength, runs.longest());
            }
        }
        try {
            return total < need ? null : choose(need, maxLength);
        } finally {
            Arrays.fill(hist, 0, maxLength + 1, 0); // no run is longer: only these were counted
        }
    }

    /** From the histogram of run lengths, none above maxLength, which holds at least need slots: the pieces. */
    @GuardedBy("space.deviceLock")
    private long[] choose(final long need, final int maxLength) {
        final int[] hist = runHistogram;
        // Longest first: all runs longer than L are taken whole, then q of length L (the lowest addresses).
        long sum = 0;
        int m = 0;
        int longest = maxLength;
        while (hist[longest] == 0 || sum + (long) hist[longest] * longest < need) {
            sum += (long) hist[longest] * longest;
            m += hist[longest];
            longest--;
        }
        final int q = (int) ((need - sum - 1) / longest);
        m += q;
        final long rest = need - sum - (long) q * longest;
        // The remainder goes to the shortest run left that holds it.
        int bestLength = longest;
        for (int len = (int) rest; len < longest; len++) {
            if (hist[len] > 0) {
                bestLength = len;
                break;
            }
        }
        return collectPieces(m, longest, q, bestLength, rest);
    }

    /** Second pass over the runs, in address order: the m whole runs and the remainder's run. */
    @GuardedBy("space.deviceLock")
    private long[] collectPieces(final int m, final int longest, final int q, final int bestLength,
            final long rest) {
        final long[] pieces = new long[2 * (m + 1)];
        int k = 0;
        int takenOfLongest = 0;
        boolean remainderPlaced = false;
        final int minOrder = space.geometry.minOrder();
        for (final Cluster cl : space.clusters) {
            if (k == pieces.length) {
                break;
            }
            if (cl == null || cl.freeCount < 1 << minOrder) {
                continue;
            }
            final FreeRuns found = cl.freeRuns(minOrder, runScratch); // unchanged since the first pass
            final boolean longestWanted = takenOfLongest < q || (bestLength == longest && !remainderPlaced);
            final int remainderLength = remainderPlaced ? -1 : bestLength;
            final int wanted = wantedRuns(found, longest, longestWanted, remainderLength);
            final int[] runs = found.runs();
            // Only runs of the wanted lengths can be pieces: stop when the cluster has none left.
            for (int i = 0, seen = 0; seen < wanted && k < pieces.length && i < found.runInts(); i += 2) {
                final int len = runs[i + 1];
                seen += isWanted(len, longest, longestWanted, remainderLength) ? 1 : 0;
                if (len > longest || (len == longest && takenOfLongest < q)) {
                    takenOfLongest += len == longest ? 1 : 0;
                    pieces[k++] = space.base(cl.index) + runs[i];
                    pieces[k++] = len;
                } else if (len == bestLength && !remainderPlaced) {
                    remainderPlaced = true;
                    pieces[k++] = space.base(cl.index) + runs[i];
                    pieces[k++] = rest;
                }
            }
        }
        assert k == pieces.length && remainderPlaced : "compound placement lost a piece";
        return pieces;
    }

    /**
     * How many of a cluster's runs are longer than {@code longest}, or as long when those are still wanted, or of
     * the remainder's length (-1 once it is placed; never above longest): from its {length, count} pairs, longest
     * first, without reading its runs.
     */
    private static int wantedRuns(final FreeRuns found, final int longest, final boolean longestWanted,
            final int remainderLength) {
        final int[] lengths = found.lengths();
        final int shortest = remainderLength < 0 ? longest : remainderLength;
        int wanted = 0;
        for (int i = 0; i < found.lengthInts() && lengths[i] >= shortest; i += 2) {
            final int len = lengths[i];
            wanted += isWanted(len, longest, longestWanted, remainderLength) ? lengths[i + 1] : 0;
        }
        return wanted;
    }

    /** Whether a run of length len can still be a piece: the one rule {@link #wantedRuns} counts by. */
    private static boolean isWanted(final int len, final int longest, final boolean longestWanted,
            final int remainderLength) {
        return len > longest || (len == longest && longestWanted) || len == remainderLength;
    }
}
