package dev.swaplayer.check;

import dev.swaplayer.allocator.Auditable;
import dev.swaplayer.allocator.FolioAllocator;
import dev.swaplayer.allocator.FolioPolicy;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Fragmentation;
import dev.swaplayer.spec.Geometry;

/**
 * One registered policy as the stress run drives it: folios in, pages out, and an audit at the end.
 *
 * <p>Thread safety: as thread-safe as the allocator it wraps; {@link Stress} drives a non-thread-safe one from
 * one thread only.
 *
 * <p>A policy whose folio policy is {@link FolioPolicy#COMPOUND} gets whole folios through its
 * {@link FolioAllocator} (a handle may name a compound descriptor: pages are found with {@code slotOf} and
 * freed with {@code freeFolioPages}); any other gets contiguous runs from {@code allocate}, page i of a run in
 * slot handle + i. An allocator that has both sets of calls, a {@link FolioAllocator}, can be driven through
 * either whatever its folio policy: {@link #other} is the same allocator through the calls its policy does not
 * use, so that the stress run races the folio calls that verify's single-thread checks draw for every
 * {@code FolioAllocator}, and the plain calls a compound policy's split makes.
 */
abstract class StressTarget {
    static final int TYPE = 0;

    private final SlotAllocator allocator;

    StressTarget(final SlotAllocator allocator) {
        this.allocator = allocator;
    }

    /** Returns a folio's handle, or {@link SlotAllocator#NONE} when no placement exists. */
    abstract long allocate(int order);

    /** Returns the slot entry holding one page of a folio. */
    abstract long slot(long handle, int order, int page);

    /** Frees {@code count} pages of a folio from {@code first} on. */
    abstract void free(long handle, int order, int first, int count);

    /** Returns how many extents hold a folio: 1 for a run. */
    abstract int extents(long handle, int order);

    /**
     * Returns the same allocator driven through its other calls (its folio calls when this view uses the plain
     * ones, and the other way round), or null when it has one set only (no {@link FolioAllocator}). A folio is
     * freed and its pages found through the view that placed it.
     */
    abstract StressTarget other();

    /** Returns the same allocator through its folio calls, or null when it has none (no {@link FolioAllocator}). */
    abstract StressTarget folioCalls();

    /** Returns the allocator's swap counts, or null when it keeps none (the dup/put step is then skipped). */
    final SwapCounts counts() {
        return allocator instanceof SwapCounts c ? c : null;
    }

    /** Returns slots in use now. */
    final long usedSlots() {
        return allocator.usedSlots();
    }

    /** Returns free slots now. */
    final long freeSlots() {
        return allocator.freeSlots();
    }

    /** Returns the free slots' blocks as the allocator reports them (buddyinfo). */
    final Fragmentation fragmentation() {
        return allocator.fragmentation();
    }

    /** Returns the device. */
    final Geometry geometry() {
        return allocator.geometry();
    }

    /**
     * The allocator's own audit, when it has one ({@link Auditable}), and for a {@link FolioAllocator} that no
     * compound descriptor outlived its pages. Without an audit of its own, the owner table and the used-slot
     * count at the end are all the audit there is.
     *
     * @throws AssertionError naming what is broken
     */
    final void audit() {
        if (allocator instanceof Auditable a) {
            a.checkConsistency();
        }
        if (allocator instanceof FolioAllocator f && f.descriptorCount() != 0) {
            throw new AssertionError(f.descriptorCount() + " compound descriptors outlived their pages");
        }
    }

    /**
     * Builds the named policy's allocator on an empty device, one simulated CPU per thread for an allocator
     * with per-CPU hints.
     *
     * @throws IllegalArgumentException for an unknown policy or a provider that fails
     */
    static StressTarget of(final PolicyRegistry registry, final String policy, final Geometry geometry,
            final int threads) {
        final SlotAllocator a = registry.create(policy, TYPE, geometry, threads);
        if (registry.provider(policy).folioPolicy() == FolioPolicy.COMPOUND) {
            return new Folios((FolioAllocator) a); // registry.create checked the cast
        }
        return new Contiguous(a);
    }

    /** Returns the folio-call view of an allocator that has the folio calls, else null. */
    private static StressTarget folios(final SlotAllocator a) {
        return a instanceof FolioAllocator f ? new Folios(f) : null;
    }

    /** A policy that places a folio in one aligned run: its pages are consecutive slots. */
    private static final class Contiguous extends StressTarget {
        private final SlotAllocator allocator;

        Contiguous(final SlotAllocator allocator) {
            super(allocator);
            this.allocator = allocator;
        }

        @Override
        long allocate(final int order) {
            return allocator.allocate(order);
        }

        @Override
        long slot(final long handle, final int order, final int page) {
            return SwapEntry.plus(handle, page);
        }

        @Override
        void free(final long handle, final int order, final int first, final int count) {
            allocator.free(slot(handle, order, first), count);
        }

        @Override
        int extents(final long handle, final int order) {
            return 1;
        }

        @Override
        StressTarget other() {
            return folios(allocator);
        }

        @Override
        StressTarget folioCalls() {
            return other();
        }
    }

    /** A policy with compound descriptors: a folio may be spread over several extents. */
    private static final class Folios extends StressTarget {
        private final FolioAllocator allocator;

        Folios(final FolioAllocator allocator) {
            super(allocator);
            this.allocator = allocator;
        }

        @Override
        long allocate(final int order) {
            return allocator.allocateFolio(order);
        }

        @Override
        long slot(final long handle, final int order, final int page) {
            return allocator.slotOf(handle, order, page);
        }

        @Override
        void free(final long handle, final int order, final int first, final int count) {
            allocator.freeFolioPages(handle, order, first, count);
        }

        @Override
        int extents(final long handle, final int order) {
            return allocator.extents(handle, order);
        }

        @Override
        StressTarget other() {
            return new Contiguous(allocator);
        }

        @Override
        StressTarget folioCalls() {
            return this;
        }
    }
}
