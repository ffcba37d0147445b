package dev.swaplayer.swap;

import java.util.Arrays;

/**
 * The order in which allocations try the areas: priority descending, and among equal priorities the area that
 * placed an allocation least recently first. It models the kernel's priority list of available devices
 * ({@code swap_avail_heads}, a {@code plist}) with {@code plist_requeue}, which moves a device behind the
 * others of its priority after use, so that equal priorities are used round robin.
 *
 * <p>Thread safety: not thread-safe; owned and confined by its {@link SwapSpace}.
 *
 * <p>Two deliberate differences from the kernel: an area is requeued only when it placed the allocation (the
 * kernel requeues before trying, but it also removes full devices from the list, which this model does not);
 * and a large folio that an area cannot place goes on to the next area, where a modern kernel stops after the
 * first device it tries ({@code mm/swapfile.c} since the allocator rework of 6.14).
 */
final class DeviceSelector {
    /** Area types in try order. */
    private final int[] order;
    /** Priority by area type. */
    private final int[] priorityOf;

    /**
     * @param priorityOf the priority of each area, indexed by type; equal priorities start in type order, as
     *     {@code swapon} appends a device behind those of its priority
     */
    DeviceSelector(final int[] priorityOf) {
        this.priorityOf = priorityOf.clone();
        this.order = new int[priorityOf.length];
        final Integer[] types = new Integer[priorityOf.length];
        for (int t = 0; t < types.length; t++) {
            types[t] = t;
        }
        Arrays.sort(types, (a, b) -> Integer.compare(priorityOf[b], priorityOf[a])); // stable: type order among equals
        for (int i = 0; i < types.length; i++) {
            order[i] = types[i];
        }
    }

    /** Returns how many areas. */
    int size() {
        return order.length;
    }

    /**
     * Returns the type of the area at that position.
     *
     * @param position 0 for the area to try first
     */
    int typeAt(final int position) {
        return order[position];
    }

    /**
     * The area at {@code position} placed an allocation: move it behind the last area of equal priority.
     *
     * @param position its position in the try order
     */
    void requeue(final int position) {
        final int type = order[position];
        int last = position;
        while (last + 1 < order.length && priorityOf[order[last + 1]] == priorityOf[type]) {
            last++;
        }
        System.arraycopy(order, position + 1, order, position, last - position);
        order[last] = type;
    }

    @Override
    public String toString() {
        final StringBuilder b = new StringBuilder("DeviceSelector(");
        for (int i = 0; i < order.length; i++) {
            b.append(i == 0 ? "" : ", ").append(order[i]).append(":prio ").append(priorityOf[order[i]]);
        }
        return b.append(')').toString();
    }
}
