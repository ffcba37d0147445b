package dev.swaplayer.allocator.policy;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.FolioPolicy;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.MetadataBudget;
import dev.swaplayer.spec.Placement;

/**
 * The built-in policy {@code bestfit}: the buddy allocator with its original placement,
 * {@link Placement#BEST_FIT} (the smallest free block that fits, lowest address); contiguous runs only, a
 * large folio that finds none is split. The baseline that {@code buddy}'s grouped placement is measured
 * against.
 *
 * <p>Thread safety: stateless; the allocators it builds are thread-safe.
 */
public final class BestFitProvider implements AllocatorProvider {
    @Override
    public String name() {
        return "bestfit";
    }

    @Override
    public SlotAllocator create(final int type, final Geometry geometry) {
        return new BuddyAllocator(type, geometry, Placement.BEST_FIT);
    }

    @Override
    public SlotAllocator create(final int type, final Geometry geometry, final int cpus,
            final MetadataBudget budget) {
        return new BuddyAllocator(type, geometry, Placement.BEST_FIT, budget);
    }

    @Override
    public boolean metadataOnDemand() {
        return true;
    }

    @Override
    public String description() {
        return "the buddy allocator with best-fit, lowest-address placement, contiguous runs only; a large folio"
                + " that finds none is split";
    }

    /** The old placement is a reference for comparison: {@code --policy all} leaves it out. */
    @Override
    public boolean inAll() {
        return false;
    }

    @Override
    public boolean threadSafe() {
        return true;
    }

    @Override
    public FolioPolicy folioPolicy() {
        return FolioPolicy.SPLIT;
    }
}
