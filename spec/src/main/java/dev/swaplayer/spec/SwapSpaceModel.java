package dev.swaplayer.spec;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

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
 * The state is kept by package-private parts ({@code ModelSlots}, {@code ModelDescriptors}), the placement and
 * metadata rules are searches over it ({@code ModelPlacement}, {@code ModelMetadata}); this class decides.
 */
public final class SwapSpaceModel implements SwapSpaceView {
    /** The "no slot" result: slot 0 is the header and is never allocated. */
    public static final long NONE = 0;

    private final Geometry geometry;
    private final Placement placementRule;
    /** The slots in use and the pageblocks marked small. */
    private final ModelSlots slots;
    private final ModelDescriptors descriptors;
    /** The placement rules over this model's state ({@link #placement}, {@link #compoundPlacement}). */
    private final ModelPlacement placements;
    /** Which clusters hold metadata, and the budget of what on-demand metadata may be had. */
    private final ModelMetadata metadata;

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
        this(geometry, placement, MetadataBudget.unlimited());
    }

    /**
     * A model whose on-demand metadata is held to a budget: a refused request degrades the operation (see
     * {@link #allocate}, {@link #allocateFolio}, {@link #dup}).
     *
     * @param geometry the device's shape; everything but the reserved slots starts free
     * @param placement which free block an allocation takes
     * @param budget the metadata budget; this model asks it and no one else should
     */
    public SwapSpaceModel(final Geometry geometry, final Placement placement, final MetadataBudget budget) {
        this.geometry = geometry;
        this.placementRule = Objects.requireNonNull(placement, "placement");
        this.slots = new ModelSlots(geometry);
        this.descriptors = new ModelDescriptors();
        this.placements = new ModelPlacement(this, placementRule);
        this.metadata = new ModelMetadata(this, Objects.requireNonNull(budget, "budget"), placements);
    }

    private SwapSpaceModel(final SwapSpaceModel from) {
        this.geometry = from.geometry;
        this.placementRule = from.placementRule;
        this.slots = from.slots.copy();
        this.descriptors = from.descriptors.copy();
        this.placements = new ModelPlacement(this, placementRule);
        this.metadata = new ModelMetadata(this, from.metadata.budget().copy(), placements);
    }

    /** Returns the metadata budget this model asks (its state is part of the model's). */
    public MetadataBudget metadataBudget() {
        return metadata.budget();
    }

    /**
     * Returns an independent copy of this model.
     */
    public SwapSpaceModel copy() {
        return new SwapSpaceModel(this);
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
        return placements.block(order, false);
    }

    // ------------------------------------------------------------------------------------------ operations

    /**
     * Allocates a run. Pre: {@code 0 <= order <= maxOrder}. Post: either NONE and nothing changed, or the
     * {@link #placement} run of {@code 2^max(order, minOrder)} slots, each now in use with swap count 0 and
     * the cache flag set (the kernel allocates with {@code SWAP_HAS_CACHE}).
     *
     * <p>When that run lies in a cluster without metadata, the budget is asked for one cluster's metadata. If it
     * refuses, the allocation degrades: the placement rule restricted to clusters that hold metadata; when that
     * finds nothing, an order-0 request borrows the reserve ({@link MetadataBudget#lendReserve}) and takes the
     * run after all, and any other returns NONE, changing nothing but the budget's counters.
     *
     * @param order the requested order
     * @return the first slot, or {@link #NONE}
     */
    public long allocate(final int order) {
        geometry.checkOrder(order);
        final long first = metadata.admit(order, placements.block(order, false));
        final int e = geometry.effectiveOrder(order);
        if (first != NONE) {
            slots.take(first, 1L << e, 0);
            slots.markSmall(first, e); // a small allocation marks its pageblocks
        }
        return first;
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
     * when the count is already {@code 2^31-1}, or NO_MEMORY and no change when the count is
     * {@link MetadataBudget#INLINE_COUNT_MAX} and the budget refuses the extend-table entry it needs.
     *
     * @param slot the slot
     * @return OK, COUNT_OVERFLOW or NO_MEMORY
     */
    public SwapResult dup(final long slot) {
        Preconditions.checkInUse(this, slot);
        final ModelSlots.Slot s = slots.get(slot);
        if (s.count == SwapResult.MAX_SWAP_COUNT) {
            return SwapResult.COUNT_OVERFLOW;
        }
        if (s.count == MetadataBudget.INLINE_COUNT_MAX && !metadata.budget().extendEntry()) {
            return SwapResult.NO_MEMORY; // the extend-table entry could not be had: nothing changes
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
        final ModelSlots.Slot s = slots.get(slot);
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
        final ModelSlots.Slot s = slots.get(slot);
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
        final ModelSlots.Slot s = slots.get(slot);
        s.cached = false;
        return releaseIfUnreferenced(slot, s);
    }

    private boolean releaseIfUnreferenced(final long slot, final ModelSlots.Slot s) {
        if (s.count == 0 && !s.cached) {
            release(slot);
            return true;
        }
        return false;
    }

    private void release(final long slot) {
        final ModelSlots.Slot s = slots.release(slot); // a pageblock wholly free again loses its small mark
        metadata.slotFreed(slot); // the cluster's metadata may go: it refills a lent reserve
        if (s.descriptor != 0) {
            descriptors.slotFreed(s.descriptor, slot);
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
        final long[] pages = order < geometry.minOrder() ? null : placements.compound(order, true);
        if (pages == null || !metadata.budget().descriptor(descriptors.size())) {
            return FolioPlacement.NONE;
        }
        final long id = descriptors.add(pages);
        for (final long p : pages) {
            slots.take(p, 1, id);
        }
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
        return placements.compound(order, false);
    }

    /**
     * Returns every maximal run of free slots inside one cluster, trimmed to whole chunks, as {start, length},
     * ascending by start.
     */
    public List<long[]> freeRuns() {
        return placements.freeRuns();
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
        return descriptors.pagesOf(id);
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
        slots.take(first, 1L << geometry.effectiveOrder(order), 0);
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
        final long id = descriptors.add(pages);
        for (final long p : pages) {
            slots.take(p, 1, id);
        }
        return id;
    }

    // ---------------------------------------------------------------------------------------------- view

    @Override
    public Geometry geometry() {
        return geometry;
    }

    @Override
    public SlotState state(final long slot) {
        return slots.state(slot);
    }

    @Override
    public long swapCount(final long slot) {
        final ModelSlots.Slot s = slots.get(slot);
        return s == null ? 0 : s.count;
    }

    @Override
    public boolean cached(final long slot) {
        final ModelSlots.Slot s = slots.get(slot);
        return s != null && s.cached;
    }

    /** Returns the free blocks, packed, ascending. */
    public long[] freeBlocks() {
        return slots.freeBlocks();
    }

    @Override
    public boolean smallPageblock(final long slot) {
        return slots.smallPageblock(slot);
    }

    @Override
    public void forEachFreeBlock(final BlockVisitor visitor) {
        for (final long b : freeBlocks()) {
            visitor.visit(Blocks.start(b), Blocks.order(b));
        }
    }

    @Override
    public void forEachDescriptor(final DescriptorVisitor visitor) {
        descriptors.forEach(visitor);
    }

    @Override
    public boolean hasClusterMetadata(final int cluster) {
        return metadata.hasClusterMetadata(cluster);
    }

    /** Returns whether a slot of {@code [first, end)} is in use. */
    boolean anyInUse(final long first, final long end) {
        return slots.anyInUse(first, end);
    }

    /** Returns how many clusters hold metadata on demand: they hold metadata and no reserved slot. */
    public long onDemandClusters() {
        return metadata.onDemandClusters();
    }

    @Override
    public long freeSlots() {
        return geometry.totalSlots() - geometry.reservedSlots() - slots.size();
    }

    @Override
    public long usedSlots() {
        return slots.size();
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
        return "SwapSpaceModel(" + placementRule + ", " + slots + ", descriptors " + descriptors + ")";
    }
}
