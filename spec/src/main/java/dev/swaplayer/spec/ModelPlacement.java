package dev.swaplayer.spec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The placement rules of {@link SwapSpaceModel}, as obvious searches over its state: which free block an
 * allocation takes ({@link SwapSpaceModel#placement}, the rule of {@link Placement}) and which runs a compound
 * descriptor takes ({@link SwapSpaceModel#compoundPlacement}). Each reads the model through its public view
 * and changes nothing.
 *
 * <p>Thread safety: as its model's: confined to one thread.
 */
final class ModelPlacement {
    private final SwapSpaceModel model;
    private final Geometry geometry;
    private final Placement placementRule;

    ModelPlacement(final SwapSpaceModel model, final Placement placementRule) {
        this.model = model;
        this.geometry = model.geometry();
        this.placementRule = placementRule;
    }

    /**
     * Returns the first slot of the block the placement rule takes, as {@link SwapSpaceModel#placement(int)}
     * states it, or NONE; with {@code metadataOnly}, restricted to the free blocks of clusters that hold metadata
     * (the degraded rule). The unaligned fallback always is: it is reached only when no aligned block fits, and
     * then no cluster is wholly free.
     */
    long block(final int order, final boolean metadataOnly) {
        final int e = geometry.effectiveOrder(order);
        final int p = geometry.pageblockOrder();
        long best;
        if (placementRule == Placement.BEST_FIT || e >= p) {
            best = smallestBlock(e, geometry.maxOrder(), null, metadataOnly);
        } else {
            best = e == 0 ? fromPageblock(true) : smallestBlock(e, p - 1, true, false);
            if (best < 0) {
                best = e == 0 ? fromPageblock(false) : largestBlock(e, p - 1);
            }
            if (best < 0) {
                best = smallestBlock(p, geometry.maxOrder(), null, metadataOnly);
            }
        }
        if (best >= 0) {
            return Blocks.start(best);
        }
        return geometry.aligned() ? SwapSpaceModel.NONE : firstUnalignedRun(1L << e);
    }

    /**
     * @param from the least order
     * @param to the greatest order
     * @param small true: only blocks in small pageblocks; false: only those in other pageblocks; null: any
     * @param metadataOnly only blocks in clusters that hold metadata
     * @return the free block of the least order in from..to, lowest address among equals, or -1
     */
    private long smallestBlock(final int from, final int to, final Boolean small, final boolean metadataOnly) {
        long best = -1;
        for (final long b : model.freeBlocks()) { // ascending address: the first of an order is the lowest
            final int j = Blocks.order(b);
            final boolean fits = j >= from && j <= to
                    && (small == null || model.smallPageblock(Blocks.start(b)) == small)
                    && (!metadataOnly || model.hasClusterMetadata(geometry.clusterOf(Blocks.start(b))));
            if (fits && (best < 0 || j < Blocks.order(best))) {
                best = b;
            }
        }
        return best;
    }

    /** @return the free block of the greatest order in from..to in a large pageblock, lowest address, or -1 */
    private long largestBlock(final int from, final int to) {
        long best = -1;
        for (final long b : model.freeBlocks()) {
            final int j = Blocks.order(b);
            if (j >= from && j <= to && !model.smallPageblock(Blocks.start(b))
                    && (best < 0 || j > Blocks.order(best))) {
                best = b;
            }
        }
        return best;
    }

    /**
     * @param small whether to look at small pageblocks (the lowest with a free slot) or large ones (the most
     *     free slots first)
     * @return the smallest free block, lowest address, of the chosen pageblock; -1 when there is none
     */
    private long fromPageblock(final boolean small) {
        final long size = 1L << geometry.pageblockOrder();
        long chosen = -1;
        long chosenFree = 0;
        for (long first = 0; first < geometry.totalSlots(); first += size) {
            long free = 0;
            for (long x = first; x < first + size; x++) {
                free += model.state(x) == SlotState.FREE ? 1 : 0;
            }
            final boolean better = chosen < 0 || (!small && free > chosenFree);
            if (free > 0 && free < size && model.smallPageblock(first) == small && better) {
                chosen = first;
                chosenFree = free;
            }
        }
        long best = -1;
        for (final long b : model.freeBlocks()) {
            final boolean inside = Blocks.start(b) >= chosen && Blocks.start(b) < chosen + size;
            if (chosen >= 0 && inside && (best < 0 || Blocks.order(b) < Blocks.order(best))) {
                best = b;
            }
        }
        return best;
    }

    private long firstUnalignedRun(final long size) {
        final long step = 1L << geometry.minOrder();
        for (long s = step; s + size <= geometry.totalSlots(); s += step) {
            if (geometry.clusterOf(s) == geometry.clusterOf(s + size - 1) && allFree(s, size)
                    && model.hasClusterMetadata(geometry.clusterOf(s))) {
                return s;
            }
        }
        return SwapSpaceModel.NONE;
    }

    /** Returns whether every slot of [first, first + size) is free. */
    boolean allFree(final long first, final long size) {
        for (long x = first; x < first + size; x++) {
            if (model.state(x) != SlotState.FREE) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns each page's slot under the compound placement rule, or null; with {@code metadataOnly}, over the
     * runs of clusters that hold metadata only (which {@link SwapSpaceModel#allocateFolio} uses: when its
     * contiguous attempt fails, either no cluster is wholly free or the budget refused one).
     */
    long[] compound(final int order, final boolean metadataOnly) {
        final List<long[]> runs = freeRuns();
        if (metadataOnly) {
            runs.removeIf(r -> !model.hasClusterMetadata(geometry.clusterOf(r[0])));
        }
        runs.sort(Comparator.<long[]>comparingLong(r -> -r[1]).thenComparingLong(r -> r[0]));
        long need = 1L << order;
        final List<long[]> pieces = new ArrayList<>();
        int i = 0;
        while (i < runs.size() && prefix(runs, i + 1) < need) {
            pieces.add(runs.get(i));
            i++;
        }
        if (i == runs.size()) {
            return null;
        }
        need -= prefix(runs, i);
        long[] last = null;
        for (int j = i; j < runs.size(); j++) {
            final long[] r = runs.get(j);
            if (r[1] >= need && (last == null || r[1] < last[1] || (r[1] == last[1] && r[0] < last[0]))) {
                last = r;
            }
        }
        pieces.add(new long[] {last[0], need});
        pieces.sort(Comparator.comparingLong(r -> r[0]));
        final long[] pages = new long[1 << order];
        int p = 0;
        for (final long[] piece : pieces) {
            for (long x = piece[0]; x < piece[0] + piece[1]; x++) {
                pages[p++] = x;
            }
        }
        return pages;
    }

    private static long prefix(final List<long[]> runs, final int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += runs.get(i)[1];
        }
        return sum;
    }

    /** Returns every maximal run of free slots inside one cluster, trimmed to whole chunks, as {start, length}. */
    List<long[]> freeRuns() {
        final List<long[]> runs = new ArrayList<>();
        final long chunk = 1L << geometry.minOrder();
        long s = 1;
        while (s < geometry.totalSlots()) {
            if (model.state(s) != SlotState.FREE) {
                s++;
                continue;
            }
            long e = s;
            while (e < geometry.totalSlots() && model.state(e) == SlotState.FREE
                    && geometry.clusterOf(e) == geometry.clusterOf(s)) {
                e++;
            }
            final long a = (s + chunk - 1) / chunk * chunk;
            final long b = e / chunk * chunk;
            if (b > a) {
                runs.add(new long[] {a, b - a});
            }
            s = e;
        }
        return runs;
    }
}
