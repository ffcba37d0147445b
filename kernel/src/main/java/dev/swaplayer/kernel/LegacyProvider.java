package dev.swaplayer.kernel;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.spec.Geometry;

/**
 * The built-in policy {@code legacy}: {@link LegacyAllocator}, a model of the kernel 6.10 allocator (per-CPU per-order
 * clusters taken from the free list only). A large folio that finds no run is split, as the kernel does
 * ({@code swpout_fallback}).
 *
 * <p>Thread safety: stateless; the allocators it builds are confined to one thread.
 */
public final class LegacyProvider implements AllocatorProvider {
    @Override
    public String name() {
        return "legacy";
    }

    @Override
    public SlotAllocator create(final int type, final Geometry geometry) {
        return create(type, geometry, 1);
    }

    @Override
    public SlotAllocator create(final int type, final Geometry geometry, final int cpus) {
        return new LegacyAllocator(type, geometry, cpus);
    }

    @Override
    public String description() {
        return "a model of the kernel 6.10 allocator (per-CPU per-order clusters taken from the free list only)";
    }

    @Override
    public boolean threadSafe() {
        return false;
    }
}
