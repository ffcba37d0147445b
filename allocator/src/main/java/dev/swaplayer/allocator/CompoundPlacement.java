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
        final int clusterSlots = space.clusterSlots;
        final int[] hist = runHistogram;
        Arrays.fill(hist, 0);
        long total = 0;
        for (final Cluster cl : space.clusters) { // first pass: the histogram of run lengths
            if (cl != null && cl.freeCount >= 1 << minOrder) {
                final int[] lengths = cl.runLengths(minOrder, runScratch); // kept until the cluster's maps change
                for (int i = 0; i < lengths.length; i += 2) {
                    hist[lengths[i]] += lengths[i + 1];
                }
            }
        }
        for (int len = 1; len <= clusterSlots; len++) {
            total += (long) hist[len] * len;
        }
        if (total < need) {
            return null;
        }
        // Longest first: all runs longer than L are taken whole, then q of length L (the lowest addresses).
        long sum = 0;
        int m = 0;
        int longest = clusterSlots;
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

    /** The longest run of the cluster (0 when it has none), from its cached lengths. */
    @GuardedBy("space.deviceLock")
    private int longestRun(final Cluster cl, final int minOrder) {
        final int[] lengths = cl.runLengths(minOrder, runScratch);
        return lengths.length == 0 ? 0 : lengths[0];
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
            if (cl == null || cl.freeCount < 1 << minOrder || longestRun(cl, minOrder) < bestLength) {
                continue; // every piece wanted is at least bestLength long: nothing here
            }
            final int[] runs = cl.runs(minOrder, runScratch); // unchanged since the first pass: the cache
            for (int i = 0; i < runs.length && k < pieces.length; i += 2) {
                final int len = runs[i + 1];
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
}
