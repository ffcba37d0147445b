package dev.swaplayer.allocator.policy;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.FolioPolicy;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.MetadataBudget;
import dev.swaplayer.spec.Placement;

/**
 * The built-in policy {@code compound}: the buddy allocator with compound descriptors: a large folio that finds no run
 * is stored non-contiguously, never split.
 *
 * <p>Thread safety: stateless; the allocators it builds are thread-safe.
 */
public final class CompoundProvider implements AllocatorProvider {
    @Override
    public String name() {
        return "compound";
    }

    @Override
    public SlotAllocator create(final int type, final Geometry geometry) {
        return new BuddyAllocator(type, geometry);
    }

    @Override
    public SlotAllocator create(final int type, final Geometry geometry, final int cpus,
            final MetadataBudget budget) {
        return new BuddyAllocator(type, geometry, Placement.GROUPED, budget);
    }

    @Override
    public boolean metadataOnDemand() {
        return true;
    }

    @Override
    public String description() {
        return "the buddy allocator with compound descriptors: a large folio that finds no run is stored"
                + " non-contiguously, never split";
    }

    @Override
    public boolean threadSafe() {
        return true;
    }

    @Override
    public FolioPolicy folioPolicy() {
        return FolioPolicy.COMPOUND;
    }
}
