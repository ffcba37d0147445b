package dev.swaplayer.allocator;

import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.MetadataBudget;

/**
 * A named allocation policy that builds fresh devices: the plug-in interface. The built-in policies (the kernel
 * models {@code legacy}, {@code cluster}, {@code cluster-612-slots} and {@code cluster-72}, and {@code buddy},
 * {@code compound} and {@code bestfit}, as {@code --policy}'s help lists them) are providers too, and a user's
 * allocator joins them by shipping an implementation in a jar with the service file
 * {@code META-INF/services/dev.swaplayer.allocator.AllocatorProvider}; every verb that takes {@code --policy}
 * then accepts its {@link #name()} (with {@code --jar FILE}).
 *
 * <p>Thread safety: {@link #create} may be called from any thread; implementations are expected to be
 * stateless. Whether the allocator it builds is thread-safe is {@link #threadSafe()}'s answer.
 *
 * <p>Only {@link #name()} and {@link #create(int, Geometry)} are required. The defaults describe the
 * kernel's own behaviour: a large folio that finds no contiguous run is split ({@link FolioPolicy#SPLIT}), the
 * allocator is confined to one thread, and it keeps no per-CPU state.
 */
public interface AllocatorProvider {

    /** Returns the {@code --policy} name: lower-case letters, digits, '-' and '_', starting with a letter. */
    String name();

    /**
     * Builds the allocator of a fresh, empty device.
     *
     * @param type the device type to write into every entry, 0..{@code SwapEntry.MAX_TYPE}
     * @param geometry the device's shape
     * @return a new allocator; never shared with an earlier call
     * @throws IllegalArgumentException when the allocator cannot serve this geometry
     */
    SlotAllocator create(int type, Geometry geometry);

    /**
     * Builds the allocator of a fresh device that simulated CPUs share. An allocator with per-CPU state
     * implements {@link PerCpu}; the default ignores {@code cpus}.
     *
     * @param type the device type
     * @param geometry the device's shape
     * @param cpus how many simulated CPUs will call it, at least 1
     * @return a new allocator
     */
    default SlotAllocator create(final int type, final Geometry geometry, final int cpus) {
        return create(type, geometry);
    }

    /**
     * Builds the allocator of a fresh device whose on-demand metadata is held to a budget ({@code simulate
     * --metadata-budget}). An allocator that preallocates its metadata, as the kernel's do at {@code swapon},
     * has nothing to hold to it: the default ignores the budget and says so in {@link #metadataOnDemand()}.
     *
     * @param type the device type
     * @param geometry the device's shape
     * @param cpus how many simulated CPUs will call it, at least 1
     * @param budget a fresh budget for this allocator alone
     * @return a new allocator
     */
    default SlotAllocator create(final int type, final Geometry geometry, final int cpus,
            final MetadataBudget budget) {
        return create(type, geometry, cpus);
    }

    /**
     * Returns whether the allocator creates metadata on demand and asks the budget given to
     * {@link #create(int, Geometry, int, MetadataBudget)}; false by default (it preallocates).
     */
    default boolean metadataOnDemand() {
        return false;
    }

    /**
     * Returns whether {@code --policy all} includes this policy (yes by default); a reference variant kept only for
     * comparison, such as {@code bestfit}, says no and is run by its name.
     */
    default boolean inAll() {
        return true;
    }

    /** Returns one line for {@code --help} and reports; empty by default. */
    default String description() {
        return "";
    }

    /**
     * Returns whether several threads may call one allocator at once; {@code verify} runs its stress and
     * linearizability checks only then. False by default.
     */
    default boolean threadSafe() {
        return false;
    }

    /**
     * Returns what a large folio does when no contiguous run is free; {@link FolioPolicy#COMPOUND} needs an allocator
     * that implements {@link FolioAllocator}. {@link FolioPolicy#SPLIT}, the kernel's, by default.
     */
    default FolioPolicy folioPolicy() {
        return FolioPolicy.SPLIT;
    }

    /**
     * Returns whether a large folio that found no run is swapped out head first and then its tails from the last
     * page down, which is how a kernel model's reclaim takes the pieces of a split folio (it changes which
     * order-0 slot each page gets, not which slots are allocated). 7.2's {@code __folio_split} queues the tails
     * in address order at the tail of the reclaim list, and {@code shrink_folio_list} takes folios from that
     * tail; 6.12's {@code __split_huge_page} queued them last first, so they went in address order. False (address
     * order) by default.
     */
    default boolean splitTailsLastFirst() {
        return false;
    }
}
