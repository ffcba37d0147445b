package dev.swaplayer.allocator.policy;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.FolioPolicy;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.MetadataBudget;
import dev.swaplayer.spec.Placement;

/**
 * What the built-in policies over {@link BuddyAllocator} share: the allocator with a placement rule, metadata
 * grown on demand (so a {@link MetadataBudget} applies), thread-safe; they differ in name, placement and what a
 * large folio does when it finds no run.
 *
 * <p>Thread safety: stateless; the allocators it builds are thread-safe.
 */
abstract class BuddyFamilyProvider implements AllocatorProvider {
    private final String name;
    private final String description;
    private final Placement placement;
    private final FolioPolicy folioPolicy;

    BuddyFamilyProvider(final String name, final String description, final Placement placement,
            final FolioPolicy folioPolicy) {
        this.name = name;
        this.description = description;
        this.placement = placement;
        this.folioPolicy = folioPolicy;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final SlotAllocator create(final int type, final Geometry geometry) {
        return new BuddyAllocator(type, geometry, placement);
    }

    @Override
    public final SlotAllocator create(final int type, final Geometry geometry, final int cpus,
            final MetadataBudget budget) {
        return new BuddyAllocator(type, geometry, placement, budget);
    }

    @Override
    public final boolean metadataOnDemand() {
        return true;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final boolean threadSafe() {
        return true;
    }

    @Override
    public final FolioPolicy folioPolicy() {
        return folioPolicy;
    }
}
