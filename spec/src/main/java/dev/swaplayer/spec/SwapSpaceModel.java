package dev.swaplayer.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The executable specification of one swap device: an obviously correct model, slow on purpose. State is a
 * sorted map from in-use slot to its swap count and cache flag, plus the live compound descriptors; every
 * other slot below the device end is free unless the geometry reserves it. Free blocks are not stored: they
 * are <em>defined</em> as the canonical decomposition of the free slots ({@link Blocks#canonical}).
 *
 * <p>Thread safety: not thread-safe; confine to one thread.
 *
 * <p>Each operation states its precondition (checked by {@link Preconditions}, the same code every
 * implementation uses) and its postcondition. A call whose precondition fails throws and changes nothing.
 */
public final class SwapSpaceModel implements SwapSpaceView {
    /** The "no slot" result: slot 0 is the header and is never allocated. */
    public static final long NONE = 0;

    private final Geometry geometry;
    private final Placement placementRule;
    private final TreeMap<Long, Slot> inUse = new TreeMap<>();
    /** The pageblocks marked small, by index ({@code slot >> pageblockOrder}). */
    private final TreeSet<Long> smallPageblocks = new TreeSet<>();
    private final TreeMap<Long, long[]> descriptors = new TreeMap<>();
    private long nextDescriptorId = 1;

    /**
     * A model with the default placement, {@link Placement#GROUPED}.
     *
     * @param geometry the device's shape; everything but the reserved slots starts free
     */
    public SwapSpaceModel(final Geometry geometry) {
        this(geometry, Placement.GROUPED);
    }

    /**
     * @param geometry the device's shape; everything but the reserved slots starts free
     * @param placement which free block an allocation takes
     */
    public SwapSpaceModel(final Geometry geometry, final Placement placement) {
        this.geometry = geometry;
        this.placementRule = Objects.requireNonNull(placement, "placement");
    }

    /**
     * Returns an independent copy of this model.
     */
    public SwapSpaceModel copy() {
        final SwapSpaceModel m = new SwapSpaceModel(geometry, placementRule);
        m.smallPageblocks.addAll(smallPageblocks);
        // putAll into an empty TreeMap from a sorted one builds it in linear time; then each value its own copy
        m.inUse.putAll(inUse);
        m.inUse.replaceAll((k, v) -> new Slot(v.count, v.cached, v.descriptor));
        m.descriptors.putAll(descriptors);
        m.descriptors.replaceAll((k, v) -> v.clone());
        m.nextDescriptorId = nextDescriptorId;
        return m;
    }

    // ------------------------------------------------------------------------------------------- placement

    /**
     * The placement rule, without changing anything: the first slot {@link #allocate} would return, the
     * first {@code 2^e} slots of the free block chosen below ({@code e = max(order, minOrder)}, p the
     * pageblock order, "lowest" always the lowest address among equals).
     * <ul>
     *   <li>{@link Placement#BEST_FIT}, and {@link Placement#GROUPED} when {@code e >= p}: the smallest free
     *       block of order at least e.</li>
     *   <li>{@link Placement#GROUPED}, {@code e = 0}: the lowest small pageblock with a free slot; else the
     *       large pageblock with the most free slots (at least one, not all); and in it its smallest free
     *       block. Else the smallest free block of order at least p.</li>
     *   <li>{@link Placement#GROUPED}, {@code 0 < e < p}: the smallest free block of order e..p-1 in a small
     *       pageblock; else the largest free block of order p-1..e in a large pageblock; else the smallest free
     *       block of order at least p.</li>
     * </ul>
     * When there is no such block and the geometry is unaligned, the lowest run of {@code 2^e} free slots
     * inside one cluster that starts on a {@code 2^minOrder} boundary. Otherwise NONE.
     *
     * @param order the requested order
     * @return the first slot, or {@link #NONE}
     */
    public long placement(final int order) {
        geometry.checkOrder(order);
        final int e = geometry.effectiveOrder(order);
        final int p = geometry.pageblockOrder();
        long best;
        if (placementRule == Placement.BEST_FIT || e >= p) {
            best = smallestBlock(e, geometry.maxOrder(), null);
        } else {
            best = e == 0 ? fromPageblock(true) : smallestBlock(e, p - 1, true);
            if (best < 0) {
                best = e == 0 ? fromPageblock(false) : largestBlock(e, p - 1);
            }
            if (best < 0) {
                best = smallestBlock(p, geometry.maxOrder(), null);
            }
        }
        if (best >= 0) {
            return Blocks.start(best);
        }
        return geometry.aligned() ? NONE : firstUnalignedRun(1L << e);
    }

    /**
     * @param from the least order
     * @param to the greatest order
     * @param small true: only blocks in small pageblocks; false: only those in other pageblocks; null: any
     * @return the free block of the least order in from..to, lowest address among equals, or -1
     */
    private long smallestBlock(final int from, final int to, final Boolean small) {
        long best = -1;
        for (final long b : freeBlocks()) { // ascending address: the first of an order is the lowest
            final int j = Blocks.order(b);
            final boolean fits = j >= from && j <= to
                    && (small == null || smallPageblock(Blocks.start(b)) == small);
            if (fits && (best < 0 || j < Blocks.order(best))) {
                best = b;
            }
        }
        return best;
    }

    /** @return the free block of the greatest order in from..to in a large pageblock, lowest address, or -1 */
    private long largestBlock(final int from, final int to) {
        long best = -1;
        for (final long b : freeBlocks()) {
            final int j = Blocks.order(b);
            if (j >= from && j <= to && !smallPageblock(Blocks.start(b)) && (best < 0 || j > Blocks.order(best))) {
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
                free += state(x) == SlotState.FREE ? 1 : 0;
            }
            final boolean better = chosen < 0 || (!small && free > chosenFree);
            if (free > 0 && free < size && smallPageblock(first) == small && better) {
                chosen = first;
                chosenFree = free;
            }
        }
        long best = -1;
        for (final long b : freeBlocks()) {
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
            if (geometry.clusterOf(s) == geometry.clusterOf(s + size - 1) && allFree(s, size)) {
                return s;
            }
        }
        return NONE;
    }

    private boolean allFree(final long first, final long size) {
        for (long x = first; x < first + size; x++) {
            if (state(x) != SlotState.FREE) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------ operations

    /**
     * Allocates a run. Pre: {@code 0 <= order <= maxOrder}. Post: either NONE and nothing changed, or the
     * {@link #placement} run of {@code 2^max(order, minOrder)} slots, each now in use with swap count 0 and
     * the cache flag set (the kernel allocates with {@code SWAP_HAS_CACHE}).
     *
     * @param order the requested order
     * @return the first slot, or {@link #NONE}
     */
    public long allocate(final int order) {
        final long first = placement(order);
        final int e = geometry.effectiveOrder(order);
        if (first != NONE) {
            take(first, 1L << e, 0);
            for (long x = first; e < geometry.pageblockOrder() && x < first + (1L << e); x++) {
                smallPageblocks.add(x >> geometry.pageblockOrder()); // a small allocation marks its pageblocks
            }
        }
        return first;
    }

    private void take(final long first, final long size, final long descriptor) {
        for (long x = first; x < first + size; x++) {
            inUse.put(x, new Slot(0, true, descriptor));
        }
    }

    /**
     * Frees a run or any part of one. Pre: every slot of the run is in use. Post: every slot is free,
     * whatever its count and cache flag were; descriptor pages on those slots are released.
     *
     * @param slot the first slot
     * @param nrSlots how many
     */
    public void free(final long slot, final long nrSlots) {
        Preconditions.checkAllInUse(this, slot, nrSlots);
        for (long x = slot; x < slot + nrSlots; x++) {
            release(x);
        }
    }

    /**
     * Adds a page-table reference. Pre: the slot is in use. Post: count + 1, or COUNT_OVERFLOW and no change
     * when the count is already {@code 2^31-1}.
     *
     * @param slot the slot
     * @return OK or COUNT_OVERFLOW
     */
    public SwapResult dup(final long slot) {
        Preconditions.checkInUse(this, slot);
        final Slot s = inUse.get(slot);
        if (s.count == SwapResult.MAX_SWAP_COUNT) {
            return SwapResult.COUNT_OVERFLOW;
        }
        s.count++;
        return SwapResult.OK;
    }

    /**
     * Drops a page-table reference. Pre: in use with count &gt; 0. Post: count - 1; the slot is freed when
     * the count reaches 0 and it is not cached.
     *
     * @param slot the slot
     * @return whether the slot was freed
     */
    public boolean put(final long slot) {
        Preconditions.checkPut(this, slot);
        final Slot s = inUse.get(slot);
        s.count--;
        return releaseIfUnreferenced(slot, s);
    }

    /**
     * Pins the slot in the swap cache (the kernel's {@code swapcache_prepare}). Post: cached, or an outcome
     * of {@link SwapResult} and no change.
     *
     * @param slot the slot
     * @return OK, ALREADY_CACHED, or NOT_IN_USE for a free slot
     */
    public SwapResult cacheAdd(final long slot) {
        geometry.checkSlot("slot", slot);
        final SlotState st = state(slot);
        if (st == SlotState.RESERVED) {
            Preconditions.checkInUse(this, slot);
        }
        if (st == SlotState.FREE) {
            return SwapResult.NOT_IN_USE;
        }
        final Slot s = inUse.get(slot);
        if (s.cached) {
            return SwapResult.ALREADY_CACHED;
        }
        s.cached = true;
        return SwapResult.OK;
    }

    /**
     * Drops the swap cache's pin. Pre: in use and cached. Post: not cached; freed when the count is 0.
     *
     * @param slot the slot
     * @return whether the slot was freed
     */
    public boolean cacheDel(final long slot) {
        Preconditions.checkCacheDel(this, slot);
        final Slot s = inUse.get(slot);
        s.cached = false;
        return releaseIfUnreferenced(slot, s);
    }

    private boolean releaseIfUnreferenced(final long slot, final Slot s) {
        if (s.count == 0 && !s.cached) {
            release(slot);
            return true;
        }
        return false;
    }

    private void release(final long slot) {
        final Slot s = inUse.remove(slot);
        final long pageblock = slot >> geometry.pageblockOrder();
        if (allFree(pageblock << geometry.pageblockOrder(), 1L << geometry.pageblockOrder())) {
            smallPageblocks.remove(pageblock); // wholly free again: the mark goes
        }
        if (s.descriptor != 0) {
            final long[] pages = descriptors.get(s.descriptor);
            boolean live = false;
            for (int i = 0; i < pages.length; i++) {
                if (pages[i] == slot) {
                    pages[i] = 0;
                }
                live |= pages[i] != 0;
            }
            if (!live) {
                descriptors.remove(s.descriptor);
            }
        }
    }

    // ------------------------------------------------------------------------------------------- folios

    /**
     * Places a folio: contiguously when {@link #placement} finds a run; otherwise, for {@code order >=
     * minOrder} and at least {@code 2^order} free slots in whole chunks, as a compound descriptor with the
     * fewest extents (see {@link #compoundPlacement}). Post: the placed slots are in use, cached, count 0.
     *
     * @param order the folio's order
     * @return the placement; kind NONE changes nothing
     */
    public FolioPlacement allocateFolio(final int order) {
        final long first = allocate(order);
        if (first != NONE) {
            final long[] pages = new long[1 << order];
            for (int i = 0; i < pages.length; i++) {
                pages[i] = first + i;
            }
            return new FolioPlacement(FolioPlacement.Kind.CONTIGUOUS, 0, pages);
        }
        final long[] pages = order < geometry.minOrder() ? null : compoundPlacement(order);
        if (pages == null) {
            return FolioPlacement.NONE;
        }
        final long id = nextDescriptorId++;
        for (final long p : pages) {
            take(p, 1, id);
        }
        descriptors.put(id, pages.clone());
        return new FolioPlacement(FolioPlacement.Kind.COMPOUND, id, pages);
    }

    /**
     * The compound placement rule, without changing anything. Runs are the maximal runs of free slots inside
     * one cluster, trimmed to whole {@code 2^minOrder} chunks. Sort them by length, longest first, lowest
     * address first among equals; let m be the fewest runs whose lengths add up to {@code 2^order}. Take the
     * first m-1 runs whole, and the remaining r slots from the start of the shortest run among the rest that
     * holds r (lowest address among equals). Pages fill the chosen pieces in ascending address order.
     *
     * @param order the folio's order
     * @return the slot of each page, or null when fewer than {@code 2^order} slots are free in whole chunks
     */
    public long[] compoundPlacement(final int order) {
        final List<long[]> runs = freeRuns();
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

    /**
     * Returns every maximal run of free slots inside one cluster, trimmed to whole chunks, as {start, length},
     * ascending by start.
     */
    public List<long[]> freeRuns() {
        final List<long[]> runs = new ArrayList<>();
        final long chunk = 1L << geometry.minOrder();
        long s = 1;
        while (s < geometry.totalSlots()) {
            if (state(s) != SlotState.FREE) {
                s++;
                continue;
            }
            long e = s;
            while (e < geometry.totalSlots() && state(e) == SlotState.FREE
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

    /**
     * Frees pages of a compound descriptor (partial swap-in). Pre: the descriptor is live and every page in
     * the range is still held. Post: those pages' slots are free; the descriptor goes when no page is left.
     *
     * @param id the descriptor
     * @param firstPage the first page
     * @param count how many pages
     */
    public void freeDescriptorPages(final long id, final int firstPage, final int count) {
        final long[] pages = descriptor(id);
        Preconditions.checkPageRange(Integer.numberOfTrailingZeros(pages.length), firstPage, count);
        for (int i = firstPage; i < firstPage + count; i++) {
            if (pages[i] == 0) {
                throw Checks.badState("page " + i + " of descriptor " + id, "already freed", "still swapped out");
            }
        }
        for (int i = firstPage; i < firstPage + count; i++) {
            release(pages[i]);
        }
    }

    /**
     * Returns the slot of each page, 0 for a freed page (a copy).
     *
     * @param id a descriptor id
     * @throws IllegalArgumentException when no live descriptor has that id
     */
    public long[] descriptor(final long id) {
        final long[] pages = descriptors.get(id);
        if (pages == null) {
            throw Checks.badArgument("descriptor", id, "a live compound descriptor");
        }
        return pages.clone();
    }

    // -------------------------------------------------------------------- the implementation's choice

    /**
     * Applies an allocation whose run the implementation chose, for allocators held only to the rules every
     * allocator keeps ({@link Legality}), not to {@link #placement}. Pre: the run is legal
     * ({@link Legality#illegalRun} is null). Post: as {@link #allocate} with that run.
     *
     * @param first the run's first slot
     * @param order the requested order
     * @throws IllegalArgumentException when the run is not legal
     */
    public void allocateAt(final long first, final int order) {
        geometry.checkOrder(order);
        final String why = Legality.illegalRun(this, first, order);
        if (why != null) {
            throw Checks.badArgument("allocation", first, "a legal run: " + why);
        }
        take(first, 1L << geometry.effectiveOrder(order), 0);
    }

    /**
     * Applies a folio that the implementation stored non-contiguously. Pre: {@link Legality#illegalCompound}
     * is null. Post: as {@link #allocateFolio} with a compound placement of those page slots.
     *
     * @param pages the slot of each page
     * @return the new descriptor's id
     * @throws IllegalArgumentException when the placement is not legal
     */
    public long allocateCompoundAt(final long[] pages) {
        final String why = Legality.illegalCompound(this, pages);
        if (why != null) {
            throw Checks.badArgument("compound placement", Arrays.toString(pages), "a legal one: " + why);
        }
        final long id = nextDescriptorId++;
        for (final long p : pages) {
            take(p, 1, id);
        }
        descriptors.put(id, pages.clone());
        return id;
    }

    // ---------------------------------------------------------------------------------------------- view

    @Override
    public Geometry geometry() {
        return geometry;
    }

    @Override
    public SlotState state(final long slot) {
        if (geometry.isReserved(slot)) {
            return SlotState.RESERVED;
        }
        return inUse.containsKey(slot) ? SlotState.IN_USE : SlotState.FREE;
    }

    @Override
    public long swapCount(final long slot) {
        final Slot s = inUse.get(slot);
        return s == null ? 0 : s.count;
    }

    @Override
    public boolean cached(final long slot) {
        final Slot s = inUse.get(slot);
        return s != null && s.cached;
    }

    /** Returns the free blocks, packed, ascending. */
    public long[] freeBlocks() {
        // state(s) == FREE, with one pass over the slots in use instead of a lookup per slot
        final BitSet used = new BitSet();
        for (final long s : inUse.keySet()) {
            used.set(Math.toIntExact(s));
        }
        return Blocks.canonical(geometry, s -> !geometry.isReserved(s) && !used.get((int) s));
    }

    @Override
    public boolean smallPageblock(final long slot) {
        final long first = slot >> geometry.pageblockOrder() << geometry.pageblockOrder();
        for (long x = first; x < first + (1L << geometry.pageblockOrder()); x++) {
            if (geometry.isReserved(x)) {
                return true; // a reserved slot: the pageblock can never hold a large folio
            }
        }
        return smallPageblocks.contains(slot >> geometry.pageblockOrder());
    }

    @Override
    public void forEachFreeBlock(final BlockVisitor visitor) {
        for (final long b : freeBlocks()) {
            visitor.visit(Blocks.start(b), Blocks.order(b));
        }
    }

    @Override
    public void forEachDescriptor(final DescriptorVisitor visitor) {
        for (final Map.Entry<Long, long[]> e : descriptors.entrySet()) {
            visitor.visit(e.getKey(), Integer.numberOfTrailingZeros(e.getValue().length), e.getValue().clone());
        }
    }

    @Override
    public boolean hasClusterMetadata(final int cluster) {
        final long first = (long) cluster << geometry.clusterOrder();
        final long end = first + geometry.clusterSlots();
        if (end > geometry.totalSlots()) {
            return true;
        }
        for (long x = first; x < end; x++) {
            if (geometry.isReserved(x)) {
                return true;
            }
        }
        return !inUse.subMap(first, end).isEmpty(); // a slot in use, else all free
    }

    @Override
    public long freeSlots() {
        return geometry.totalSlots() - geometry.reservedSlots() - inUse.size();
    }

    @Override
    public long usedSlots() {
        return inUse.size();
    }

    @Override
    public Fragmentation fragmentation() {
        final long[] counts = new long[geometry.maxOrder() + 1];
        for (final long b : freeBlocks()) {
            counts[Blocks.order(b)]++;
        }
        return new Fragmentation(counts);
    }

    @Override
    public String toString() {
        return "SwapSpaceModel(" + placementRule + ", in use " + inUse.keySet() + ", small pageblocks "
                + smallPageblocks + ", descriptors "
                + descriptors.entrySet().stream().map(e -> e.getKey() + "=" + Arrays.toString(e.getValue())).toList()
                + ")";
    }

    /** The state of one in-use slot. */
    private static final class Slot {
        long count;
        boolean cached;
        final long descriptor;

        Slot(final long count, final boolean cached, final long descriptor) {
            this.count = count;
            this.cached = cached;
            this.descriptor = descriptor;
        }
    }
}
