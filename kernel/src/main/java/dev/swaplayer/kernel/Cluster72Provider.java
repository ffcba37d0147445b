package dev.swaplayer.kernel;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.spec.Geometry;

/**
 * The policy {@code cluster-72}: {@link Cluster72Allocator}, the allocator of Linux 7.2 (per-CPU cluster fast
 * path, nonfull before free clusters, one fragment cluster per scan, no swap slots cache). A large folio that
 * finds no run is split ({@code swpout_fallback}). A named variant of {@code cluster}: {@code --policy all}
 * leaves it out, so the figures of {@code all} do not change.
 *
 * <p>Thread safety: stateless; the allocators it builds are thread-safe.
 */
public final class Cluster72Provider implements AllocatorProvider {
    @Override
    public String name() {
        return "cluster-72";
    }

    @Override
    public SlotAllocator create(final int type, final Geometry geometry) {
        return create(type, geometry, 1);
    }

    @Override
    public SlotAllocator create(final int type, final Geometry geometry, final int cpus) {
        return new Cluster72Allocator(type, geometry, cpus);
    }

    @Override
    public String description() {
        return "a model of the kernel 7.2 allocator (per-CPU cluster fast path, nonfull before free clusters)";
    }

    @Override
    public boolean threadSafe() {
        return true;
    }

    /** 7.2's reclaim swaps the tails of a split folio out from the last page down ({@code __folio_split}). */
    @Override
    public boolean splitTailsLastFirst() {
        return true;
    }

    /** A variant of {@code cluster}, named rather than part of {@code --policy all}. */
    @Override
    public boolean inAll() {
        return false;
    }
}
