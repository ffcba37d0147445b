package dev.swaplayer.swap;

import dev.swaplayer.allocator.Auditable;
import dev.swaplayer.allocator.FolioAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.SwapCountTable;
import dev.swaplayer.allocator.SwapCounts;
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
 *
 * <h2>What the swap path needs from an allocator</h2>
 * Any {@link SlotAllocator} that also implements {@link SwapCounts}: the swap counts and the swap-cache flag
 * live in the allocator, as they live in the kernel's {@code swap_map}, and the swap path keeps no second copy
 * that could disagree with it (a page is freed exactly when the allocator's {@code put} says so). An allocator
 * without {@code SwapCounts} is refused with an {@link IllegalArgumentException} ({@link SwapSpace#forProvider}
 * puts a {@code SwapCountTable} in front of a provider's allocator that keeps none). The compound policy also
 * needs a {@link FolioAllocator}; without one, a whole folio is a contiguous run and its pages are freed with
 * {@link SlotAllocator#free}.
 * <table>
 *   <caption>Allocator calls by swap-path step</caption>
 *   <tr><th>step</th><th>call</th></tr>
 *   <tr><td>place whole</td><td>{@code allocate(order)}, or {@code allocateFolio(order)} under COMPOUND</td></tr>
 *   <tr><td>place split</td><td>{@code allocate(0)} per page</td></tr>
 *   <tr><td>commit (write done)</td><td>{@code dup} then {@code cacheDel} per page</td></tr>
 *   <tr><td>dup, put, swap-in</td><td>{@code dup}, {@code put} per page</td></tr>
 *   <tr><td>release (failed write, free)</td><td>{@code freeFolioPages} (a FolioAllocator's whole folio),
 *       else {@code free}</td></tr>
 * </table>
 */
public final class SwapArea {
    private final int type;
    private final SwapDevice device;
    private final int priority;
    private final SlotAllocator allocator;
    private final SwapCounts counts;
    /** The allocator as a FolioAllocator, or null when it is not one. */
    private final FolioAllocator folios;

    /**
     * @param type the area's index, 0..31
     * @param device the device
     * @param priority its priority: higher is used first
     * @param allocator the allocator of the device's slots: of this type, fresh (no slot in use), implementing
     *     {@link SwapCounts}, with a geometry that fits the device
     * @throws IllegalArgumentException when the allocator does not fit the device or the swap path
     */
    SwapArea(final int type, final SwapDevice device, final int priority, final SlotAllocator allocator) {
        checkAllocator(type, allocator);
        checkFits(device, allocator.geometry());
        this.type = type;
        this.device = device;
        this.priority = priority;
        this.allocator = allocator;
        this.counts = (SwapCounts) allocator;
        this.folios = allocator instanceof FolioAllocator f ? f : null;
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

    private static void checkAllocator(final int type, final SlotAllocator allocator) {
        if (allocator == null) {
            throw Checks.badArgument("allocator", null, "a SlotAllocator");
        }
        final String name = allocator.getClass().getSimpleName();
        if (!(allocator instanceof SwapCounts)) {
            throw Checks.badArgument("allocator", name, "a SlotAllocator that implements SwapCounts: the swap path "
                    + "keeps each page's swap count in the allocator");
        }
        if (allocator.type() != type) {
            throw Checks.badArgument("allocator.type", allocator.type(), type + ", the type of area " + type);
        }
        if (allocator.usedSlots() != 0) {
            throw Checks.badArgument("allocator.usedSlots", allocator.usedSlots(), "0, a fresh allocator");
        }
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

    /** Returns the area's index in its swap space, and the type field of its entries. */
    public int type() {
        return type;
    }

    /** Returns the device. */
    public SwapDevice device() {
        return device;
    }

    /** Returns the priority: higher is used first, equal ones round robin. */
    public int priority() {
        return priority;
    }

    /** Returns the allocator of the device's slots (for observation: counters, fragmentation, audits). */
    public SlotAllocator allocator() {
        return allocator;
    }

    /** Returns the same allocator's swap counts (for observation: {@code countOf}, {@code isCached}). */
    public SwapCounts counts() {
        return counts;
    }

    /**
     * Returns how many compound descriptors the area's folio allocator holds now ({@link
     * FolioAllocator#descriptorCount}); 0 for an allocator that places no folios. 0 once no folio is swapped out
     * here, or a descriptor outlived its pages.
     */
    public int descriptorCount() {
        return folios == null ? 0 : folios.descriptorCount();
    }

    /** Returns the allocator as a {@link FolioAllocator}, or null when it is not one. */
    FolioAllocator folios() {
        return folios;
    }

    /**
     * Audits the allocator: its own audit when it is {@link Auditable} (the buddy allocator, the kernel models,
     * a plug-in that offers one; looked for behind a {@link SwapCountTable} too); for any allocator,
     * conservation (free + used + reserved = total slots).
     *
     * @throws AssertionError naming the first inconsistency
     */
    void checkConsistency() {
        final SlotAllocator own = allocator instanceof SwapCountTable t ? t.allocator() : allocator;
        if (own instanceof Auditable a) {
            a.checkConsistency();
        }
        final Geometry g = allocator.geometry();
        final long free = allocator.freeSlots();
        final long used = allocator.usedSlots();
        if (free + used + g.reservedSlots() != g.totalSlots()) {
            throw new AssertionError("area " + type + ": freeSlots() " + free + " + usedSlots() " + used
                    + " + reserved " + g.reservedSlots() + " != total " + g.totalSlots() + " (the allocator's counters"
                    + " disagree)");
        }
    }

    @Override
    public String toString() {
        return "SwapArea(" + type + ": prio " + priority + ", " + allocator.getClass().getSimpleName() + ", "
                + allocator.usedSlots() + " used, " + allocator.freeSlots() + " free, "
                + device.getClass().getSimpleName() + ")";
    }
}
