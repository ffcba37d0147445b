package dev.swaplayer.swap;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.device.SwapDevice;
import dev.swaplayer.spec.Checks;
import dev.swaplayer.spec.Geometry;
import java.util.Arrays;

/**
 * One swap area of a {@link SwapSpace}: a device, the allocator of its slots and its priority, the kernel's
 * {@code swap_info_struct} reduced to what the swap path needs. Its type (the index in the swap space, in the
 * order added) is the type field of every entry it hands out.
 *
 * <p>Thread safety: not thread-safe; the owning {@link SwapSpace} confines it. The accessors exist so that
 * tests and tools can observe the allocator and the device; changing the allocator behind the swap space's
 * back (other than to pin slots before swap-outs, as fragmentation tests do) breaks its bookkeeping.
 */
public final class SwapArea {
    private final int type;
    private final SwapDevice device;
    private final int priority;
    private final BuddyAllocator allocator;

    /**
     * @param type the area's index, 0..31
     * @param device the device
     * @param priority its priority: higher is used first
     * @param geometry the allocator's view of the device (checked against it)
     * @throws IllegalArgumentException when the geometry does not fit the device
     */
    SwapArea(final int type, final SwapDevice device, final int priority, final Geometry geometry) {
        checkFits(device, geometry);
        this.type = type;
        this.device = device;
        this.priority = priority;
        this.allocator = new BuddyAllocator(type, geometry);
    }

    /**
     * The geometry of the whole device: all its slots, its bad slots, the default cluster size.
     *
     * @param device a device
     * @return its geometry
     */
    static Geometry geometryOf(final SwapDevice device) {
        return Geometry.builder(device.capacity()).badSlots(device.badSlots()).build();
    }

    private static void checkFits(final SwapDevice device, final Geometry geometry) {
        if (geometry.totalSlots() > device.capacity()) {
            throw Checks.badArgument("geometry.totalSlots", geometry.totalSlots(), "<= " + device.capacity()
                    + ", the device's capacity");
        }
        if (geometry.minOrder() != 0) {
            throw Checks.badArgument("geometry.minOrder", geometry.minOrder(), "0: the swap path frees page by page");
        }
        for (final long bad : device.badSlots()) {
            if (bad < geometry.totalSlots() && Arrays.binarySearch(geometry.badSlots(), bad) < 0) {
                throw Checks.badArgument("geometry.badSlots", Arrays.toString(geometry.badSlots()),
                        "to include the device's bad slot " + bad);
            }
        }
    }

    /** @return the area's index in its swap space, and the type field of its entries */
    public int type() {
        return type;
    }

    /** @return the device */
    public SwapDevice device() {
        return device;
    }

    /** @return the priority: higher is used first, equal ones round robin */
    public int priority() {
        return priority;
    }

    /** @return the allocator of the device's slots (for observation: {@code view()}, counters, audits) */
    public BuddyAllocator allocator() {
        return allocator;
    }

    @Override
    public String toString() {
        return "SwapArea(" + type + ": prio " + priority + ", " + allocator.usedSlots() + " used, "
                + allocator.freeSlots() + " free, " + device.getClass().getSimpleName() + ")";
    }
}
