package dev.swaplayer.check;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.kernel.ClusterAllocator;
import dev.swaplayer.spec.Geometry;

/**
 * One allocator policy as the stress run drives it: folios in, pages out, and an audit at the end.
 *
 * <p>Thread safety: as thread-safe as the allocator it wraps; all three wrapped allocators are.
 */
abstract class StressTarget {
    static final int TYPE = 0;

    /** @return a folio's handle, or {@link SlotAllocator#NONE} when no placement exists */
    abstract long allocate(int order);

    /** @return the slot entry holding one page of a folio */
    abstract long slot(long handle, int order, int page);

    /** Frees {@code count} pages of a folio from {@code first} on. */
    abstract void free(long handle, int order, int first, int count);

    /** @return the allocator's swap counts */
    abstract SwapCounts counts();

    /** @return slots in use now */
    abstract long usedSlots();

    /** Runs the allocator's full invariant audit; throws {@link AssertionError} naming what is broken. */
    abstract void audit();

    static StressTarget of(final Stress.Policy policy, final Geometry geometry, final int threads) {
        return switch (policy) {
            case BUDDY -> new Contiguous(new BuddyAllocator(TYPE, geometry)) {
                @Override
                void audit() {
                    ((BuddyAllocator) allocator).checkConsistency();
                }
            };
            case COMPOUND -> new Compound(new BuddyAllocator(TYPE, geometry));
            case CLUSTER -> new Contiguous(new ClusterAllocator(TYPE, geometry, threads)) {
                @Override
                void audit() {
                    final ClusterAllocator c = (ClusterAllocator) allocator;
                    c.checkConsistency();
                    final int bad = c.listMembershipViolations();
                    if (bad != 0) {
                        throw new AssertionError(bad + " clusters are on no list or on more than one");
                    }
                }
            };
        };
    }

    /** A policy that places a folio in one aligned run: its pages are consecutive slots. */
    private abstract static class Contiguous extends StressTarget {
        final SlotAllocator allocator;

        Contiguous(final SlotAllocator allocator) {
            this.allocator = allocator;
        }

        @Override
        long allocate(final int order) {
            return allocator.allocate(order);
        }

        @Override
        long slot(final long handle, final int order, final int page) {
            return SwapEntry.of(TYPE, SwapEntry.offset(handle) + page);
        }

        @Override
        void free(final long handle, final int order, final int first, final int count) {
            allocator.free(slot(handle, order, first), count);
        }

        @Override
        SwapCounts counts() {
            return (SwapCounts) allocator;
        }

        @Override
        long usedSlots() {
            return allocator.usedSlots();
        }
    }

    /** The buddy allocator with compound descriptors: a folio may be spread over several extents. */
    private static final class Compound extends StressTarget {
        private final BuddyAllocator allocator;

        Compound(final BuddyAllocator allocator) {
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
        SwapCounts counts() {
            return allocator;
        }

        @Override
        long usedSlots() {
            return allocator.usedSlots();
        }

        @Override
        void audit() {
            allocator.checkConsistency();
            if (allocator.descriptorCount() != 0) {
                throw new AssertionError(allocator.descriptorCount() + " compound descriptors outlived their pages");
            }
        }
    }
}
