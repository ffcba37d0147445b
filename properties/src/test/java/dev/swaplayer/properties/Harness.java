package dev.swaplayer.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.Fault;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.properties.engine.Coverage;
import dev.swaplayer.spec.FolioPlacement;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.InvariantChecker;
import dev.swaplayer.spec.MetadataBudget;
import dev.swaplayer.spec.Placement;
import dev.swaplayer.spec.Postconditions;
import dev.swaplayer.spec.SlotState;
import dev.swaplayer.spec.Snapshot;
import dev.swaplayer.spec.SwapSpaceModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The state of a stateful property: the implementation and the specification side by side. Operations run on
 * both; results (values or exceptions, with their messages) must agree, and a rejected call must leave the
 * implementation's observable state unchanged.
 *
 * <p>Thread safety: not thread-safe; one per property run.
 */
final class Harness {
    static final int TYPE = 3;
    /** The results that are sentinels: the call was refused and must have changed nothing (INV-13). */
    private static final Set<String> SENTINELS = Set.of("0", "none", "COUNT_OVERFLOW", "NO_MEMORY", "NOT_IN_USE",
            "ALREADY_CACHED");

    final Geometry geometry;
    final BuddyAllocator impl;
    final SwapSpaceModel model;

    Harness(final Geometry geometry, final BuddyAllocator impl) {
        this(geometry, impl, Placement.GROUPED);
    }

    Harness(final Geometry geometry, final BuddyAllocator impl, final Placement placement) {
        this.geometry = geometry;
        this.impl = impl;
        this.model = new SwapSpaceModel(geometry, placement);
    }

    /** The implementation and the model side by side, each with its own budget (built alike by the caller). */
    Harness(final Geometry geometry, final BuddyAllocator impl, final SwapSpaceModel model) {
        this.geometry = geometry;
        this.impl = impl;
        this.model = model;
    }

    /** A grouped allocator and model with two budgets built alike, the allocator with a planted fault. */
    static Harness withBudget(final Geometry geometry, final Fault fault, final Supplier<MetadataBudget> budget) {
        return new Harness(geometry, BuddyAllocator.withFault(TYPE, geometry, fault, budget.get()),
                new SwapSpaceModel(geometry, Placement.GROUPED, budget.get()));
    }

    static Harness of(final Geometry geometry) {
        return new Harness(geometry, new BuddyAllocator(TYPE, geometry));
    }

    static Harness of(final Geometry geometry, final Placement placement) {
        return new Harness(geometry, new BuddyAllocator(TYPE, geometry, placement), placement);
    }

    /** Runs one operation on both sides and compares (INV-12) and, for rejected calls, checks INV-13. */
    String both(final String what, final Supplier<Object> onImpl, final Supplier<Object> onSpec) {
        final Snapshot before = Snapshot.of(impl.view());
        final String got = outcome(onImpl);
        final String want = outcome(onSpec);
        assertEquals(want, got, "INV-12 refinement: " + what + " on the implementation vs the spec");
        if (want.startsWith("!") || SENTINELS.contains(want)) {
            Coverage.label(want.startsWith("!") ? "rejected call" : "refused call");
            final String diff = before.firstDifference(Snapshot.of(impl.view()));
            assertEquals(null, diff, "INV-13: rejected " + what + " (" + want + ") changed the state");
        }
        return got;
    }

    private static String outcome(final Supplier<Object> call) {
        try {
            final Object r = call.get();
            return r instanceof long[] a ? Arrays.toString(a) : String.valueOf(r);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return "!" + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** The slot offset of an entry, 0 for NONE. */
    static long offset(final long entry) {
        return entry == SwapEntry.NONE ? 0 : SwapEntry.offset(entry);
    }

    /** An entry of this device for any offset, 0 and past-the-end included (to exercise rejections). */
    static long rawEntry(final long slot) {
        return (long) TYPE << SwapEntry.TYPE_SHIFT | slot;
    }

    long entry(final long slot) {
        return SwapEntry.of(TYPE, slot);
    }

    /** The {@code raw}-th in-use slot (modulo their number), or slot 1 when none is in use. */
    long inUseSlot(final int raw) {
        final List<Long> used = new ArrayList<>();
        for (long s = 1; s < geometry.totalSlots(); s++) {
            if (model.state(s) == SlotState.IN_USE) {
                used.add(s);
            }
        }
        return used.isEmpty() ? 1 : used.get(Math.floorMod(raw, used.size()));
    }

    /** The ids of the live descriptors in ascending order, as the spec sees them. */
    long[] descriptorIds() {
        final List<Long> ids = new ArrayList<>();
        model.forEachDescriptor((id, order, pages) -> ids.add(id));
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    /** The implementation's placement of a folio, as the spec would print it. */
    String implFolio(final int order) {
        final long handle = impl.allocateFolio(order);
        if (handle == SwapEntry.NONE) {
            return "none";
        }
        final long[] pages = new long[1 << order];
        for (int p = 0; p < pages.length; p++) {
            pages[p] = SwapEntry.offset(impl.slotOf(handle, order, p));
        }
        final boolean compound = SwapEntry.isCompound(handle);
        if (compound) {
            Coverage.label("compound allocation");
            assertEquals(Postconditions.extentsOf(geometry, pages), impl.extents(handle, order),
                    "extents reported for " + Arrays.toString(pages));
        }
        return (compound ? FolioPlacement.Kind.COMPOUND : FolioPlacement.Kind.CONTIGUOUS) + " "
                + Arrays.toString(pages);
    }

    static String specFolio(final FolioPlacement p) {
        return p.kind() == FolioPlacement.Kind.NONE ? "none" : p.kind() + " " + Arrays.toString(p.pageSlots());
    }

    /**
     * Allocates order {@code order} on both sides, compares (INV-12) and checks; records a success in
     * {@code live} as {slot, order}.
     *
     * @return the slot, or 0 when both refused
     */
    long allocateRecorded(final List<long[]> live, final int order) {
        final long slot = Long.parseLong(both("allocate(order " + order + ")", () -> offset(impl.allocate(order)),
                () -> model.allocate(order)));
        checkAll();
        if (slot > 0) {
            live.add(new long[] {slot, order});
        }
        return slot;
    }

    /**
     * Allocates order {@code order} on both sides and compares the slots, without comparing or checking the whole
     * state (the caller does that every few calls: {@link #checkAll}); records a success in {@code live} as
     * {slot, order}.
     *
     * @return the slot, or 0 when both refused
     */
    long allocateCompared(final List<long[]> live, final int order) {
        final long slot = offset(impl.allocate(order));
        assertEquals(model.allocate(order), slot, () -> "INV-12 refinement: allocate(" + order + ")\n" + this);
        if (slot > 0) {
            live.add(new long[] {slot, order});
        }
        return slot;
    }

    /**
     * Frees a recorded {slot, order} allocation whole on both sides. A free returns nothing to compare; the caller
     * compares and checks the whole state every few calls ({@link #checkAll}).
     */
    void freeBoth(final long[] a) {
        final int n = 1 << a[1];
        impl.free(entry(a[0]), n);
        model.free(a[0], n);
    }

    /** Frees a recorded {slot, order} allocation whole on both sides, compares and checks. */
    void freeRecorded(final long[] a) {
        final int n = 1 << a[1];
        both("free(" + a[0] + ", " + n + ")", () -> {
            impl.free(entry(a[0]), n);
            return "ok";
        }, () -> {
            model.free(a[0], n);
            return "ok";
        });
        checkAll();
    }

    /** The checks run after every step. */
    void checkAll() {
        final Snapshot got = Snapshot.of(impl.view());
        assertEquals(null, Snapshot.of(model).firstDifference(got), "INV-12 refinement: spec vs implementation");
        assertEquals(model.metadataBudget().state(), impl.metadataBudget().state(),
                "INV-24: the budgets of spec and implementation saw different requests");
        InvariantChecker.assertHolds(got);
        impl.checkConsistency();
    }

    @Override
    public String toString() {
        return impl + "\n" + Snapshot.of(impl.view());
    }
}
