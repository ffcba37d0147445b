package dev.swaplayer.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.Fault;
import dev.swaplayer.spec.Geometry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Fault#inertOn} says which planted bugs cannot act on a geometry; the exhaustive check is the other means:
 * on small devices of every kind the tool offers (several orders, one order, a minimum order, unaligned), a bug the
 * method calls able to act must be caught within a few steps, and one it calls inert must not be, however many
 * states are explored. Each disagreement is listed, so that a wrong reason shows with its geometry.
 *
 * <p>Thread safety: JUnit runs it on one thread.
 */
class PlantedFaultReachTest {
    /** Enough for every bug that acts here: retake at order 0 needs a full cluster of 4 first (5 steps). */
    private static final int DEPTH = 5;
    private static final List<Fault> GEOMETRY_BOUND = List.of(Fault.SKIP_TOP_COALESCE, Fault.IGNORE_ALIGNMENT,
            Fault.RETAKE_UNCHECKED, Fault.PARTIAL_REJECTED_FREE);
    private static final List<Geometry> DEVICES = List.of(
            Geometry.builder(16).clusterSlots(4).maxOrder(2).build(),
            Geometry.builder(16).clusterSlots(4).maxOrder(2).aligned(false).build(),
            Geometry.builder(16).clusterSlots(4).maxOrder(0).build(),
            Geometry.builder(16).clusterSlots(4).maxOrder(0).aligned(false).build(),
            Geometry.builder(16).clusterSlots(4).minOrder(1).maxOrder(1).build(),
            Geometry.builder(16).clusterSlots(4).minOrder(1).maxOrder(2).build());

    @Test
    void aBugThatCanActIsCaught_andOneThatCannotIsNot_onEveryKindOfDevice() {
        final List<String> wrong = new ArrayList<>();
        for (final Geometry g : DEVICES) {
            for (final Fault f : GEOMETRY_BOUND) {
                final Explorer.Result r = new Explorer(g, DEPTH, 2, Explorer.MAX_DESCRIPTORS,
                        x -> BuddyAllocator.withFault(0, x, f), 1, Explorer.BATCH).run((level, states, t) -> {
                        });
                final boolean acts = f.inertOn(g) == null;
                if (acts != (r.violations() > 0)) {
                    wrong.add(f + " on " + g + ": inertOn says " + (acts ? "it acts" : f.inertOn(g))
                            + ", the check found " + r.violations() + " violations in " + r.states() + " states");
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void theBugsOfCountsMetadataAndThreads_actOnAnyGeometry() {
        for (final Geometry g : DEVICES) {
            for (final Fault f : Fault.values()) {
                if (!GEOMETRY_BOUND.contains(f)) {
                    assertEquals(null, f.inertOn(g), f + " on " + g);
                }
            }
        }
    }
}
