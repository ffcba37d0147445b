package dev.swaplayer.allocator;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.Arrays;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;
import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;

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
    /** Scratch, reused under the device lock: runs in address order, lengths counted. */
    @GuardedBy("space.deviceLock")
    private final LongArrayList runStarts = new LongArrayList();
    @GuardedBy("space.deviceLock")
    private final IntArrayList runLengths = new IntArrayList();
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
        final LongArrayList starts = runStarts;
        final IntArrayList lengths = runLengths;
        starts.clear();
        lengths.clear();
        final int[] hist = runHistogram;
        Arrays.fill(hist, 0);
        long total = 0;
        for (final Cluster cl : space.clusters) {
            if (cl != null && cl.freeCount >= 1 << minOrder) {
                final long clusterBase = space.base(cl.index);
                cl.forEachRun(minOrder, runScratch, (s, len) -> {
                    starts.add(clusterBase + s); // address order: clusters ascending, runs ascending in each
                    lengths.add(len);
                    hist[len]++;
                });
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

    /** Second pass over the runs, in address order: the m whole runs and the remainder's run. */
    @GuardedBy("space.deviceLock")
    private long[] collectPieces(final int m, final int longest, final int q, final int bestLength,
            final long rest) {
        final long[] pieces = new long[2 * (m + 1)];
        int k = 0;
        int takenOfLongest = 0;
        boolean remainderPlaced = false;
        for (int i = 0; i < runLengths.size(); i++) {
            final int len = runLengths.get(i);
            if (len > longest || (len == longest && takenOfLongest < q)) {
                takenOfLongest += len == longest ? 1 : 0;
                pieces[k++] = runStarts.get(i);
                pieces[k++] = len;
            } else if (len == bestLength && !remainderPlaced) {
                remainderPlaced = true;
                pieces[k++] = runStarts.get(i);
                pieces[k++] = rest;
            }
        }
        assert k == pieces.length && remainderPlaced : "compound placement lost a piece";
        return pieces;
    }
}
