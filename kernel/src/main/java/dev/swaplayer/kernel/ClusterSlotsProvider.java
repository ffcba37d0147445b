package dev.swaplayer.kernel;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.spec.Geometry;

/**
 * The policy {@code cluster-612-slots}: {@link ClusterAllocator} behind the per-CPU swap slots cache of 6.12
 * ({@link SlotsCache}): order-0 slots taken from the device 64 at a time, single slots freed 64 at a time. A
 * large folio that finds no run is split ({@code swpout_fallback}). A named variant: {@code --policy all}
 * leaves it out, so the figures of {@code all} do not change.
 *
 * <p>Thread safety: stateless; the allocators it builds are for one thread.
 */
public final class ClusterSlotsProvider implements AllocatorProvider {
    @Override
    public String name() {
        return "cluster-612-slots";
    }

    @Override
    public SlotAllocator create(final int type, final Geometry geometry) {
        return create(type, geometry, 1);
    }

    @Override
    public SlotAllocator create(final int type, final Geometry geometry, final int cpus) {
        return SlotsCache.cluster(type, geometry, cpus);
    }

    @Override
    public String description() {
        return "the 6.12 allocator with its per-CPU swap slots cache (order-0 slots taken and freed 64 at a time)";
    }

    /** A variant of {@code cluster}, named rather than part of {@code --policy all}. */
    @Override
    public boolean inAll() {
        return false;
    }
}
