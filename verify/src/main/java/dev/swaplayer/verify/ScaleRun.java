package dev.swaplayer.verify;

import static dev.swaplayer.verify.Transcript.show;

import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Fragmentation;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.Legality;
import dev.swaplayer.spec.SwapSpaceModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One long run on a large device, beyond what the stateful sequences reach: they run on devices of at most 4,177
 * slots and make a few thousand allocations per allocator, while an allocator that keeps a slot index or an
 * allocation counter in 16 bits, or a cluster index in 8, goes wrong only past that. The run fills {@link #DEVICE}
 * (66,561 slots: 261 clusters, the last of one slot) with order-0 allocations, frees every other one (by
 * {@code free}, or, when it keeps {@link SwapCounts}, also by the swap cache's last pin and the last reference), fills
 * it again, and frees everything: about 99,800 allocations, each checked for a legal placement beside the
 * specification, and the counters and the fragmentation view compared with it after each phase. In the completeness
 * check a NONE while a slot is free fails too (INV-22). The size is the least that passes 2^16 slots, 2^16
 * allocations and 256 clusters with a margin: an allocator that scans from slot 1 for every allocation takes time
 * that grows with its square.
 *
 * <p>Thread safety: not thread-safe; one check owns it.
 */
final class ScaleRun {
    /** Past 2^16 slots (by 1,024) and 256 clusters, with a last cluster of one slot. */
    static final Geometry DEVICE = Geometry.builder((1 << 16) + (1 << 10) + 1).clusterSlots(256).maxOrder(8).build();
    /** The first swap device's type, the one most allocators are run with. */
    static final int TYPE = 0;

    /** How a slot of the fill may be freed: {@link #release}. */
    private static final int RELEASE_PATHS = 3;

    private final SlotAllocator allocator;
    /** The allocator's swap counts, or null when it keeps none. */
    private final SwapCounts counts;
    private final SwapSpaceModel model = new SwapSpaceModel(DEVICE);
    /** Judges a NONE, in the completeness check only. */
    private final Completeness completeness;
    /** The slots held now, in the order they were allocated. */
    private final List<Long> held = new ArrayList<>();
    /** The phases begun, the last one the one running: a failure's counterexample. */
    private final List<String> phases = new ArrayList<>();
    private long allocations;

    /**
     * @param allocator a fresh allocator of {@link #DEVICE}, device type {@link #TYPE}
     * @param complete whether a NONE while a slot is free fails the run (the completeness check)
     */
    ScaleRun(final SlotAllocator allocator, final boolean complete) {
        this.allocator = allocator;
        this.counts = allocator instanceof SwapCounts c ? c : null;
        this.completeness = new Completeness(model, TYPE, complete);
    }

    /**
     * Runs the four phases.
     *
     * @throws AssertionError naming what went wrong, and where; it starts with {@link Completeness#INCOMPLETE}
     *     when only a NONE was wrong
     */
    void run() {
        compare("on the fresh device");
        fill("fill the empty device with allocate(order 0) until NONE");
        phases.add("free every other allocation of the fill, the first included" + (counts == null ? ""
                : ", in turn by free, by cacheDel, and by dup, cacheDel and the last put"));
        final List<Long> kept = new ArrayList<>();
        for (int i = 0; i < held.size(); i++) {
            if (i % 2 == 0) {
                release(held.get(i), i / 2 % RELEASE_PATHS);
            } else {
                kept.add(held.get(i));
            }
        }
        held.clear();
        held.addAll(kept);
        compare("after it");
        fill("fill the free slots again with allocate(order 0) until NONE");
        phases.add("free every allocation");
        held.forEach(this::free);
        held.clear();
        compare("after it");
    }

    /** Returns the phases begun, the last the one that was running when it failed. */
    List<String> phases() {
        return List.copyOf(phases);
    }

    /** Returns the allocations made. */
    long allocations() {
        return allocations;
    }

    private void fill(final String phase) {
        phases.add(phase);
        for (long n = 0; n <= DEVICE.totalSlots(); n++) {
            final long entry = allocator.allocate(0);
            allocations++;
            if (entry == SlotAllocator.NONE) {
                final String incomplete = completeness.ofNone(0);
                if (incomplete != null) {
                    throw new AssertionError(String.format(Locale.ROOT, "%s, at allocation %,d with %,d slots free",
                            incomplete, allocations, model.freeSlots()));
                }
                compare("at its NONE");
                return;
            }
            if (SwapEntry.isCompound(entry) || SwapEntry.type(entry) != TYPE) {
                throw failure("returned " + show(entry) + " (expected a slot entry of device type " + TYPE + ")");
            }
            final long slot = SwapEntry.offset(entry);
            final String why = Legality.illegalRun(model, slot, 0);
            if (why != null) {
                throw failure("returned " + show(entry) + ", an illegal placement: " + why);
            }
            model.allocateAt(slot, 0);
            held.add(slot);
        }
        throw failure("never answered NONE: more allocations than the device has slots");
    }

    private void free(final long slot) {
        allocator.free(SwapEntry.of(TYPE, slot), 1);
        model.free(slot, 1);
    }

    /**
     * Frees a slot of the fill through one of the three paths that free a slot in the kernel: {@code free}
     * ({@code swap_free_nr}), the swap cache's {@code cacheDel} of a slot no page table references, and the last
     * {@code put} of a slot the cache no longer pins. The refill that follows must hand every one of them out
     * again: an allocator whose count path forgets to return the slot to its free lists shows there.
     */
    private void release(final long slot, final int path) {
        if (counts == null || path == 0) {
            free(slot);
            return;
        }
        final long entry = SwapEntry.of(TYPE, slot);
        if (path == 2) {
            expect("dup(" + show(entry) + ")", counts.dup(entry), model.dup(slot));
        }
        expect("cacheDel(" + show(entry) + ")", counts.cacheDel(entry), model.cacheDel(slot));
        if (path == 2) {
            expect("put(" + show(entry) + "), its last reference", counts.put(entry), model.put(slot));
        }
    }

    private void expect(final String call, final Object got, final Object want) {
        if (!want.equals(got)) {
            throw new AssertionError(String.format(Locale.ROOT, "%s after %,d allocations returned %s (expected %s)",
                    call, allocations, got, want));
        }
    }

    private AssertionError failure(final String what) {
        return new AssertionError(String.format(Locale.ROOT, "allocate(order 0) number %,d %s", allocations, what));
    }

    private void compare(final String when) {
        final Fragmentation got = allocator.fragmentation();
        final Fragmentation want = model.fragmentation();
        if (allocator.freeSlots() != model.freeSlots() || allocator.usedSlots() != model.usedSlots()
                || !want.equals(got)) {
            throw new AssertionError(String.format(Locale.ROOT, "%s, after %,d allocations: freeSlots() = %,d,"
                    + " usedSlots() = %,d, fragmentation() = %s (expected %,d, %,d and %s)", when, allocations,
                    allocator.freeSlots(), allocator.usedSlots(), got, model.freeSlots(), model.usedSlots(), want));
        }
    }
}
