package dev.swaplayer.kernel;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.spec.Geometry;

/**
 * The built-in policy {@code cluster}: {@link ClusterAllocator}, a model of the kernel 6.12 allocator (per-order
 * nonfull and frag cluster lists). A large folio that finds no run is split, as the kernel does
 * ({@code swpout_fallback}).
 *
 * <p>Thread safety: stateless; the allocators it builds are thread-safe.
 */
public final class ClusterProvider implements AllocatorProvider {
    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public SlotAllocator create(final int type, final Geometry geometry) {
        return create(type, geometry, 1);
    }

    @Override
    public SlotAllocator create(final int type, final Geometry geometry, final int cpus) {
        return new ClusterAllocator(type, geometry, cpus);
    }

    @Override
    public String description() {
        return "a model of the kernel 6.12 allocator (per-order nonfull and frag cluster lists)";
    }

    @Override
    public boolean threadSafe() {
        return true;
    }
}
