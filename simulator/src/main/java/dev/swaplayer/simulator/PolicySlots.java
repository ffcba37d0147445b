package dev.swaplayer.simulator;

import dev.swaplayer.allocator.FolioAllocator;
import dev.swaplayer.allocator.FolioOutcome;
import dev.swaplayer.allocator.FolioPolicy;
import dev.swaplayer.allocator.FreePaths;
import dev.swaplayer.allocator.PerCpu;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.SwapCountTable;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Fragmentation;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.MetadataBudget;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The slots of the simulated swap device under one registered allocation policy, as the memory model drives
 * them: the policy's slot allocator, what to do with a large folio that finds no contiguous run (its
 * {@link FolioPolicy}), the per-CPU hint of the kernel models, the padding of allocations below the minimum
 * order, and the metadata budget. (Not the policy itself: that is the provider a {@link PolicyRegistry} names.)
 *
 * <p>Thread safety: not thread-safe; one simulation owns it.
 *
 * <p>A swapped-out folio is named by its <b>handle</b>: the entry of its first slot when it is stored in one
 * contiguous run (page i is then in slot handle + i), or a compound handle for a folio stored under a
 * compound descriptor (only with {@link FolioPolicy#COMPOUND}, which needs a {@link FolioAllocator}).
 * Pages of a split folio each have an order-0 handle of their own.
 *
 * <p>They are built from a {@link PolicyRegistry} ({@link #create}): the provider builds the allocator and
 * names its folio policy; an allocator that keeps per-CPU hints ({@link PerCpu}, as the kernel models do)
 * follows the simulated CPU, any other ignores it.
 */
public final class PolicySlots {
    /** The device type the simulator gives its one device. */
    public static final int DEVICE_TYPE = 0;

    private final String name;
    private final SlotAllocator allocator;
    private final FolioPolicy folioPolicy;
    private final FolioAllocator folios;
    /** The allocator when it tells swap-in frees from unmap frees ({@link FreePaths}), else null. */
    private final FreePaths freePaths;
    private final IntConsumer cpuHint;
    private final int cpus;
    private int cpu;
    /** The allocation granularity m ({@link Geometry#minOrder()}): an allocation below it gets 2^m slots. */
    private final int minOrder;
    /**
     * Allocations that hold fewer pages than slots (order below m), by their first entry: {pages still
     * swapped out, pages given}. The slots past the pages are padding, freed with the last page.
     */
    private final Map<Long, int[]> padded = new HashMap<>();
    /** Whether a split folio's tails take their slots from the last page down (see the constructor). */
    private final boolean splitTailsLastFirst;
    private long wastedSlots;
    /** The allocator's metadata budget and the limit it was built with, or null (none, or preallocated). */
    private MetadataBudget budget;
    private long budgetLimit;

    /**
     * @param name the policy's name in reports
     * @param allocator the device's allocator
     * @param folioPolicy what to do when no contiguous run is free
     * @param cpus simulated CPUs, at least 1
     * @param cpuHint receives the CPU before each allocator call when it changes ({@code setCpu} of a per-CPU
     *     model); null for an allocator without per-CPU state
     */
    public PolicySlots(final String name, final SlotAllocator allocator, final FolioPolicy folioPolicy, final int cpus,
            final IntConsumer cpuHint) {
        this(name, allocator, folioPolicy, cpus, cpuHint, false);
    }

    /**
     * Creates the slots of a policy whose split folios may take their slots in reclaim's order of a newer kernel.
     *
     * @param name the policy's name in reports
     * @param allocator the device's allocator
     * @param folioPolicy what to do when no contiguous run is free
     * @param cpus simulated CPUs, at least 1
     * @param cpuHint as in the five-argument constructor
     * @param splitTailsLastFirst whether a split folio's pages get their slots head first, then from the last
     *     page down ({@code AllocatorProvider.splitTailsLastFirst}); else in address order
     */
    public PolicySlots(final String name, final SlotAllocator allocator, final FolioPolicy folioPolicy, final int cpus,
            final IntConsumer cpuHint, final boolean splitTailsLastFirst) {
        if (folioPolicy == FolioPolicy.COMPOUND && !(allocator instanceof FolioAllocator)) {
            throw new IllegalArgumentException("allocator: " + allocator.getClass().getSimpleName()
                    + " (expected: a FolioAllocator for the compound policy)");
        }
        if (cpus < 1) {
            throw new IllegalArgumentException("cpus: " + cpus + " (expected: >= 1)");
        }
        this.name = name;
        this.allocator = allocator;
        this.folioPolicy = folioPolicy;
        this.folios = allocator instanceof FolioAllocator f ? f : null;
        this.freePaths = folios == null && allocator instanceof FreePaths p ? p : null;
        this.cpus = cpus;
        this.cpuHint = cpuHint;
        this.minOrder = allocator.geometry().minOrder();
        this.splitTailsLastFirst = splitTailsLastFirst;
        if (cpuHint != null) {
            cpuHint.accept(0);
        }
    }

    /**
     * Builds the slots of a registered policy on an empty device.
     *
     * @param registry where the policy is registered
     * @param name its name
     * @param geometry the device
     * @param cpus simulated CPUs, 1..; an allocator with per-CPU hints is built for them
     * @return its slots
     * @throws IllegalArgumentException for an unknown name, a device the allocator rejects, or a provider that
     *     fails (see {@link PolicyRegistry#create})
     */
    public static PolicySlots create(final PolicyRegistry registry, final String name, final Geometry geometry,
            final int cpus) {
        return create(registry, name, geometry, cpus, Simulator.Options.NO_BUDGET);
    }

    /**
     * Builds the slots of a registered policy on an empty device; one that allocates metadata on demand gets a
     * budget of {@code clusterLimit} on-demand clusters' metadata (and its reserve), one that preallocates none.
     *
     * @param registry where the policy is registered
     * @param name its name
     * @param geometry the device
     * @param cpus simulated CPUs
     * @param clusterLimit the budget's cluster limit, or {@link Simulator.Options#NO_BUDGET}
     * @return its slots
     * @throws IllegalArgumentException as {@link #create(PolicyRegistry, String, Geometry, int)}
     */
    public static PolicySlots create(final PolicyRegistry registry, final String name, final Geometry geometry,
            final int cpus, final long clusterLimit) {
        return create(registry, name, geometry, cpus, clusterLimit, false);
    }

    /**
     * As {@link #create(PolicyRegistry, String, Geometry, int, long)}; with {@code swapCounts}, an allocator that
     * keeps no swap counts (a plug-in's, or 6.12's slots cache) gets a {@link SwapCountTable} in front, as the swap
     * path needs to ask whether a slot is in use (data mode). CPU hints still go to the allocator itself.
     *
     * @param swapCounts whether the allocator must answer {@link dev.swaplayer.allocator.SwapCounts} queries
     */
    public static PolicySlots create(final PolicyRegistry registry, final String name, final Geometry geometry,
            final int cpus, final long clusterLimit, final boolean swapCounts) {
        final boolean budgeted = clusterLimit >= 0 && registry.provider(name).metadataOnDemand();
        final MetadataBudget b = budgeted ? MetadataBudget.builder().clusters(clusterLimit).build() : null;
        final SlotAllocator own = registry.create(name, DEVICE_TYPE, geometry, cpus, b);
        final SlotAllocator allocator = swapCounts ? SwapCountTable.withSwapCounts(own) : own;
        final FolioPolicy folioPolicy = registry.provider(name).folioPolicy();
        final boolean tailsLastFirst = registry.provider(name).splitTailsLastFirst();
        final PolicySlots p = own instanceof PerCpu perCpu
                ? new PolicySlots(name, allocator, folioPolicy, perCpu.cpus(), perCpu::setCpu, tailsLastFirst)
                : new PolicySlots(name, allocator, folioPolicy, cpus, null, tailsLastFirst);
        p.budget = b;
        p.budgetLimit = clusterLimit;
        return p;
    }

    /** Returns what the metadata budget refused so far, or null when the policy has none. */
    public MetadataStats metadataStats() {
        return budget == null ? null : MetadataStats.of(budgetLimit, budget);
    }

    /** Returns the policy's name. */
    public String name() {
        return name;
    }

    /** Returns the device's allocator. */
    public SlotAllocator allocator() {
        return allocator;
    }

    /** Returns the simulated CPU count. */
    public int cpus() {
        return cpus;
    }

    /**
     * Moves the simulation to a CPU: later allocations use that CPU's hints.
     *
     * @param c 0..cpus-1
     */
    public void setCpu(final int c) {
        if (c != cpu) {
            cpu = c;
            if (cpuHint != null) {
                cpuHint.accept(c);
            }
        }
    }

    /**
     * Places a folio (see {@link FolioPolicy#place}).
     *
     * @param order the folio order
     * @param out receives the handle, or after a split one order-0 handle per page (NONE for a page without)
     * @return the outcome
     */
    public FolioOutcome place(final int order, final long[] out) {
        final FolioOutcome outcome = folioPolicy.place(allocator, order, out);
        if (outcome == FolioOutcome.SWPOUT_FALLBACK && splitTailsLastFirst) {
            tailsLastFirst(out, 1 << order, 1 << Math.min(order, minOrder));
        }
        // Below m a split folio is one piece (FolioPolicy), out[0] its entry; the pieces of a larger folio are
        // 2^m pages each and need no padding.
        final boolean stored = outcome == FolioOutcome.SWPOUT
                || (outcome == FolioOutcome.SWPOUT_FALLBACK && out[0] != SlotAllocator.NONE);
        if (order < minOrder && stored) {
            pad(out[0], 1 << order);
        }
        return outcome;
    }

    /**
     * The split placed its pieces in address order, allocation j for piece j; reclaim took the head piece first,
     * then the last piece down to the second, so allocation j belongs to piece {@code pieces - j} for j &gt; 0.
     */
    private static void tailsLastFirst(final long[] out, final int pages, final int piece) {
        for (int lo = piece, hi = pages - piece; lo < hi; lo += piece, hi -= piece) {
            for (int i = 0; i < piece; i++) {
                final long t = out[lo + i];
                out[lo + i] = out[hi + i];
                out[hi + i] = t;
            }
        }
    }

    /** Records an allocation of 2^minOrder slots that holds only {@code pages} pages. */
    private void pad(final long entry, final int pages) {
        padded.put(entry, new int[] {pages, pages});
        wastedSlots += (1L << minOrder) - pages;
    }

    /**
     * Returns slots in use that hold no page: the padding of allocations rounded up to the minimum order.
     *
     * @return slots in use that hold no page: the padding of allocations rounded up to the minimum order
     *     ({@link Geometry#minOrder()}); 0 when it is 0
     */
    public long wastedSlots() {
        return wastedSlots;
    }

    /**
     * Returns the slot entry holding the page.
     *
     * @param handle a folio handle
     * @param order the order it was stored with
     * @param page the page within it, still swapped out
     */
    public long slotOf(final long handle, final int order, final int page) {
        if (folios != null) {
            return folios.slotOf(handle, order, page);
        }
        return SwapEntry.plus(handle, page);
    }

    /**
     * Frees pages of a stored folio (swap-in or DONTNEED); a compound descriptor goes with its last page.
     *
     * @param handle a folio handle
     * @param order the order it was stored with
     * @param firstPage the first page to free
     * @param count how many
     */
    public void free(final long handle, final int order, final int firstPage, final int count) {
        if (folios != null) {
            folios.freeFolioPages(handle, order, firstPage, count);
        } else {
            allocator.free(SwapEntry.plus(handle, firstPage), count);
        }
        if (!padded.isEmpty() && !SwapEntry.isCompound(handle)) {
            final long first = SwapEntry.plus(handle, firstPage);
            final long chunk = SwapEntry.plus(first, -(SwapEntry.offset(first) & (1L << minOrder) - 1));
            final int[] c = padded.get(chunk);
            if (c != null && (c[0] -= count) == 0) { // the last page went: the padding goes with it
                allocator.free(SwapEntry.plus(chunk, c[1]), (1L << minOrder) - c[1]);
                wastedSlots -= (1L << minOrder) - c[1];
                padded.remove(chunk);
            }
        }
    }

    /**
     * Frees pages of a stored folio that were just swapped in: through {@link FreePaths#freeSwappedIn} when
     * the allocator tells the paths apart, else as {@link #free}.
     *
     * @param handle a folio handle
     * @param order the order it was stored with
     * @param firstPage the first page to free
     * @param count how many
     */
    public void freeSwappedIn(final long handle, final int order, final int firstPage, final int count) {
        if (freePaths != null) {
            freePaths.freeSwappedIn(SwapEntry.plus(handle, firstPage), count);
        } else {
            free(handle, order, firstPage, count);
        }
    }

    /**
     * Returns whether an unmap frees runs of consecutive slots of consecutive pages in one call, whichever.
     *
     * @return whether an unmap frees runs of consecutive slots of consecutive pages in one call, whichever
     *     folios they were stored with ({@link FreePaths}: the kernel's {@code swap_pte_batch}); otherwise
     *     it frees folio by folio
     */
    public boolean batchesUnmaps() {
        return freePaths != null;
    }

    /**
     * Frees a run of consecutive slots on unmap; only when {@link #batchesUnmaps()}.
     *
     * @param entry the first slot
     * @param count how many
     */
    public void freeUnmapped(final long entry, final int count) {
        if (freePaths == null) {
            throw new IllegalStateException("policy " + name + ": unmaps are not batched (expected: a FreePaths"
                    + " allocator)");
        }
        freePaths.free(entry, count);
    }

    /**
     * Returns how many extents hold it: 1 when contiguous.
     *
     * @param handle a folio handle
     * @param order its order
     */
    public int extents(final long handle, final int order) {
        return folios == null ? 1 : folios.extents(handle, order);
    }

    /** Returns free blocks per order and the unusable index, as the allocator reports them. */
    public Fragmentation fragmentation() {
        return allocator.fragmentation();
    }

    @Override
    public String toString() {
        return "PolicySlots(" + name + ": " + allocator + ", " + folioPolicy + ", " + cpus + " CPU" + (cpus == 1 ? ")"
                : "s)");
    }
}
