package dev.swaplayer.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.properties.engine.Gens;
import dev.swaplayer.properties.engine.Property;
import org.junit.jupiter.api.Test;

/**
 * The rules every allocator's choice must keep (INV-20, INV-21, INV-22): each rule on a hand-worked case,
 * and against the buddy placement, which is legal and complete by construction.
 *
 * <p>Thread safety: each test runs on JUnit's one thread on its own instance, with its own models.
 */
class LegalityTest {
    private final Geometry g = Geometry.builder(64).clusterSlots(16).maxOrder(3).badSlots(20).build();

    @Test
    void eachRuleOfALegalRun() {
        final SwapSpaceModel m = new SwapSpaceModel(g);
        m.allocateAt(8, 2);
        assertNull(Legality.illegalRun(m, 4, 2));
        assertTrue(Legality.illegalRun(m, 0, 0).contains("not inside the device"), "the header slot 0");
        assertTrue(Legality.illegalRun(m, 60, 3).contains("not inside the device"), "past the end");
        assertTrue(Legality.illegalRun(m, 4, 3).contains("not start on a multiple of 8"));
        assertTrue(Legality.illegalRun(m, 14, 2).contains("crosses a cluster boundary"));
        assertTrue(Legality.illegalRun(m, 8, 1).contains("slot 8, which is in use"));
        assertTrue(Legality.illegalRun(m, 20, 0).contains("slot 20, which is reserved"));
    }

    @Test
    void anUnalignedDeviceAcceptsAnyChunkBoundary() {
        final Geometry u = Geometry.builder(32).clusterSlots(16).minOrder(1).maxOrder(3).aligned(false).build();
        final SwapSpaceModel m = new SwapSpaceModel(u);
        assertNull(Legality.illegalRun(m, 2, 2), "4 slots from slot 2: on a 2-slot chunk boundary");
        assertTrue(Legality.illegalRun(m, 3, 1).contains("multiple of 2"));
        assertNull(Legality.illegalRun(m, 2, 0), "order 0 takes a whole 2-slot chunk");
        assertEquals(2, Legality.firstLegalRun(m, 2), "the search steps by chunks, not by the run's size");
        m.allocateAt(2, 0);
        assertEquals(2, m.usedSlots());
    }

    @Test
    void allocateAtRejectsAnIllegalChoiceAndChangesNothing() {
        final SwapSpaceModel m = new SwapSpaceModel(g);
        m.allocateAt(4, 2);
        final String before = m.toString();
        assertThrows(IllegalArgumentException.class, () -> m.allocateAt(4, 0));
        assertThrows(IllegalArgumentException.class, () -> m.allocateAt(4, 4));
        assertEquals(before, m.toString());
    }

    @Test
    void aCompoundIsLegalOnlyWhenNoRunIsFree() {
        final SwapSpaceModel m = new SwapSpaceModel(Geometry.builder(16).clusterSlots(8).maxOrder(2).build());
        assertTrue(Legality.illegalCompound(m, new long[] {1, 2, 3, 5}).contains("is placed contiguous"));
        for (final long s : new long[] {4, 6, 8, 10, 12, 14}) {
            m.allocateAt(s, 0);
        }
        assertEquals(SwapSpaceModel.NONE, Legality.firstLegalRun(m, 2));
        assertNull(Legality.illegalCompound(m, new long[] {1, 2, 3, 5}));
        assertTrue(Legality.illegalCompound(m, new long[] {1, 2, 2, 5}).contains("reuses slot 2"));
        assertTrue(Legality.illegalCompound(m, new long[] {1, 2, 3, 4}).contains("slot 4, which is in_use"));
        assertTrue(Legality.illegalCompound(m, new long[] {1, 2, 3}).contains("not 2^order"));
        final long id = m.allocateCompoundAt(new long[] {1, 2, 3, 5});
        assertEquals(4, m.descriptor(id).length);
        assertThrows(IllegalArgumentException.class, () -> m.allocateCompoundAt(new long[] {7, 7}));
    }

    @Test
    void chunksOfACompoundAreWholeAlignedRuns() {
        final Geometry c = Geometry.builder(32).clusterSlots(8).minOrder(1).maxOrder(3).build();
        final SwapSpaceModel m = new SwapSpaceModel(c);
        for (final long s : new long[] {2, 4, 8, 12, 14}) {
            m.allocateAt(s, 1);
        }
        m.allocateAt(16, 3);
        m.allocateAt(24, 3);
        assertEquals(SwapSpaceModel.NONE, Legality.firstLegalRun(m, 2));
        assertNull(Legality.illegalCompound(m, new long[] {6, 7, 10, 11}));
        assertTrue(Legality.illegalCompound(m, new long[] {7, 6, 10, 11}).contains("chunk-aligned"));
        assertTrue(Legality.illegalCompound(m, new long[] {6, 7, 1, 11}).contains("chunk-aligned"));
    }

    @Test
    void theBuddyPlacementIsAlwaysLegalAndComplete() {
        Property.forAll("buddy placement is legal and complete", Gens.lists(Gens.ints(0, 3), 0, 60)).tries(200)
                .check(orders -> {
            final SwapSpaceModel m = new SwapSpaceModel(g);
            for (final int k : orders) {
                final long p = m.placement(k);
                final long legal = Legality.firstLegalRun(m, k);
                if (p == SwapSpaceModel.NONE) {
                    assertEquals(SwapSpaceModel.NONE, legal, "NONE only when no legal run is free");
                } else {
                    assertNull(Legality.illegalRun(m, p, k));
                    m.allocate(k);
                }
            }
        });
    }

    @Test
    void firstLegalRunIsTheLowest() {
        final SwapSpaceModel m = new SwapSpaceModel(g);
        m.allocateAt(1, 0);
        assertEquals(2, Legality.firstLegalRun(m, 1));
        assertEquals(8, Legality.firstLegalRun(m, 3));
    }

    @Test
    void theMessagesNameTheDeviceTheRunAndTheChunk() {
        final SwapSpaceModel m = new SwapSpaceModel(g);
        assertEquals("run 60+8 is not inside the device (slots 1..63)", Legality.illegalRun(m, 60, 3));
        assertEquals("run 14+4 crosses a cluster boundary (cluster 16)", Legality.illegalRun(m, 14, 2));
        final Geometry c = Geometry.builder(32).clusterSlots(8).minOrder(1).maxOrder(3).build();
        final SwapSpaceModel n = new SwapSpaceModel(c);
        for (final long s : new long[] {2, 4, 8, 12, 14}) {
            n.allocateAt(s, 1);
        }
        n.allocateAt(16, 3);
        n.allocateAt(24, 3);
        assertEquals("pages 0..1 are not one chunk-aligned run inside a cluster",
                Legality.illegalCompound(n, new long[] {6, 10, 7, 11}));
        assertEquals("pages 2..3 are not one chunk-aligned run inside a cluster",
                Legality.illegalCompound(n, new long[] {6, 7, 11, 10}));
        assertEquals("page 0 takes slot 0, which is outside the device",
                Legality.illegalCompound(n, new long[] {0, 1, 6, 7}));
        assertEquals("page 2 takes slot 32, which is outside the device",
                Legality.illegalCompound(n, new long[] {6, 7, 32, 33}));
        assertEquals("16 pages is not 2^order for an order 0..3",
                Legality.illegalCompound(n, new long[16]));
    }

    @Test
    void aCompoundIsJudgedWithoutReadingASlotOutsideTheDevice() {
        final SwapSpaceModel m = new SwapSpaceModel(Geometry.builder(16).clusterSlots(8).maxOrder(2).build());
        for (final long s : new long[] {1, 4, 6, 8, 10, 12, 14}) {
            m.allocateAt(s, 0);
        }
        final SwapSpaceView strict = new ForwardingView(m) { // the view's contract: slots 0..totalSlots-1 only
            @Override
            public SlotState state(final long slot) {
                if (slot < 0 || slot >= m.geometry().totalSlots()) {
                    throw new IllegalArgumentException("slot " + slot + " read outside the device");
                }
                return m.state(slot);
            }
        };
        assertEquals("page 2 takes slot 16, which is outside the device",
                Legality.illegalCompound(strict, new long[] {2, 3, 16, 17}));
        assertEquals("page 0 takes slot -2, which is outside the device",
                Legality.illegalCompound(strict, new long[] {-2, -1, 2, 3}));
        assertEquals("page 0 takes slot 1, which is in_use", Legality.illegalCompound(strict, new long[] {1, 2, 3, 5}),
                "slot 1 is the device's first: in use, not outside");
    }

    @Test
    void aRunEndingAtTheDeviceEndIsLegalAndFound() {
        final Geometry u = Geometry.builder(24).clusterSlots(8).minOrder(1).maxOrder(3).aligned(false).build();
        final SwapSpaceModel m = new SwapSpaceModel(u);
        for (long s = 2; s < 20; s += 2) {
            m.allocateAt(s, 0);
        }
        assertEquals(20, Legality.firstLegalRun(m, 2), "slots 20..23 end exactly at the device end");
        assertEquals(20, Legality.firstLegalRun(m, 1), "the first free whole chunk pair");
        m.allocateAt(20, 0);
        assertEquals(22, Legality.firstLegalRun(m, 0));
        assertEquals(SwapSpaceModel.NONE, Legality.firstLegalRun(m, 2), "only slots 22..23 are left");
        final Geometry a = Geometry.builder(16).clusterSlots(8).maxOrder(3).build();
        final SwapSpaceModel full = new SwapSpaceModel(a);
        full.allocateAt(1, 0);
        assertEquals(8, Legality.firstLegalRun(full, 3), "the last aligned run, ending at slot 16");
    }

    @Test
    void contiguousFirstNamesTheFreeRun() {
        final SwapSpaceModel m = new SwapSpaceModel(Geometry.builder(16).clusterSlots(8).maxOrder(2).build());
        assertEquals("stored under a compound descriptor while the run 4+4 was free (a folio a run can hold is placed"
                + " contiguous, as a plain slot entry)",
                Legality.illegalCompound(m, new long[] {1, 2, 3, 5}));
        assertFalse(new Fragmentation(new long[] {1, 0}).equals("not a view"));
    }

    @Test
    void aChunkMustStartOnItsBoundaryEvenWhenItsPagesAreConsecutive() {
        final Geometry c = Geometry.builder(32).clusterSlots(16).minOrder(1).maxOrder(3).build();
        final SwapSpaceModel m = new SwapSpaceModel(c);
        for (final long s : new long[] {2, 4, 6, 8, 14}) {
            m.allocateAt(s, 1);
        }
        m.allocateAt(16, 3);
        m.allocateAt(24, 3);
        assertEquals(SwapSpaceModel.NONE, Legality.firstLegalRun(m, 2));
        assertEquals("pages 0..1 are not one chunk-aligned run inside a cluster",
                Legality.illegalCompound(m, new long[] {11, 12, 10, 13}), "slot 11 starts no chunk");
        assertNull(Legality.illegalCompound(m, new long[] {10, 11, 12, 13}));
    }
}
