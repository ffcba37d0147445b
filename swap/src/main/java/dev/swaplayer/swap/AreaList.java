package dev.swaplayer.swap;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.FolioAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.SwapCountTable;
import dev.swaplayer.device.SwapDevice;
import dev.swaplayer.spec.Checks;
import dev.swaplayer.spec.Geometry;
import java.util.ArrayList;
import java.util.List;

/**
 * The areas of a {@link SwapSpace} being built: checks each device and allocator as it joins, and builds the
 * allocators a caller did not pass (a {@link BuddyAllocator}, or the provider's, with a {@link SwapCountTable}
 * in front when it keeps no swap counts).
 *
 * <p>Thread safety: not thread-safe; owned by one {@link SwapSpace.Builder}.
 *
 * <p>A refused device or allocator leaves the list unchanged.
 */
final class AreaList {
    private final FolioFallback policy;
    /** Builds the allocators of areas added without one; null for BuddyAllocators. */
    private final AllocatorProvider provider;
    private final List<SwapArea> areas = new ArrayList<>();

    AreaList(final FolioFallback policy, final AllocatorProvider provider) {
        this.policy = policy;
        this.provider = provider;
    }

    /** Adds a device whose allocator this list builds with the geometry. */
    void add(final SwapDevice device, final int priority, final Geometry geometry) {
        checkDevice(device);
        if (geometry == null) {
            throw Checks.badArgument("geometry", null, "a geometry of at most " + device.capacity() + " slots");
        }
        final int type = areas.size();
        add(device, priority, provider == null ? new BuddyAllocator(type, geometry) : fromProvider(type, geometry));
    }

    /**
     * The provider's allocator for an area: a plug-in may implement only {@link SlotAllocator} (or
     * {@link FolioAllocator}); the swap counts the swap path needs are then kept beside it.
     */
    private SlotAllocator fromProvider(final int type, final Geometry geometry) {
        final SlotAllocator a = provider.create(type, geometry);
        return a == null ? null : SwapCountTable.withSwapCounts(a);
    }

    /** Adds a device with the caller's allocator. */
    void add(final SwapDevice device, final int priority, final SlotAllocator allocator) {
        checkDevice(device);
        if (policy == FolioFallback.COMPOUND && allocator != null && !(allocator instanceof FolioAllocator)) {
            throw Checks.badArgument("allocator", allocator.getClass().getSimpleName(),
                    "a FolioAllocator for the compound policy");
        }
        areas.add(new SwapArea(areas.size(), device, priority, allocator));
    }

    /** Checks that a device may join: not null, a free swap type left, the same page size, not added yet. */
    void checkDevice(final SwapDevice device) {
        if (device == null) {
            throw Checks.badArgument("device", null, "a swap device");
        }
        if (areas.size() == SwapSpace.MAX_AREAS) {
            throw Checks.badArgument("areas", areas.size() + 1, "at most " + SwapSpace.MAX_AREAS
                    + ", one per swap type");
        }
        if (!areas.isEmpty() && device.pageSize() != areas.get(0).device().pageSize()) {
            throw Checks.badArgument("device.pageSize", device.pageSize(), areas.get(0).device().pageSize()
                    + ", the page size of the first device");
        }
        for (final SwapArea a : areas) {
            if (a.device() == device) {
                throw Checks.badArgument("device", device, "a device not added yet (area " + a.type() + ")");
            }
        }
    }

    boolean isEmpty() {
        return areas.isEmpty();
    }

    SwapArea[] toArray() {
        return areas.toArray(new SwapArea[0]);
    }
}
