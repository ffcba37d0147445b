package dev.swaplayer.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Snapshots name the first observable difference, print a readable picture, and key states canonically.
 *
 * <p>Thread safety: each test runs on JUnit's one thread on its own instance, with its own models and snapshots.
 */
class SnapshotTest {
    private final Geometry g = Geometry.builder(16).clusterSlots(8).maxOrder(3).build();

    private SwapSpaceModel model() {
        return new SwapSpaceModel(g);
    }

    @Test
    void equalStatesHaveNoDifference() {
        final SwapSpaceModel a = model();
        final SwapSpaceModel b = model();
        a.allocate(1);
        b.allocate(1);
        assertNull(Snapshot.of(a).firstDifference(Snapshot.of(b)));
        assertEquals(Snapshot.of(a), Snapshot.of(b));
        assertEquals(Snapshot.of(a).hashCode(), Snapshot.of(b).hashCode());
        assertEquals(Snapshot.of(a).canonicalKey(), Snapshot.of(b).canonicalKey());
    }

    @Test
    void namesTheFirstDifferentSlot() {
        final SwapSpaceModel a = model();
        final SwapSpaceModel b = model();
        a.allocate(0);
        b.allocate(0);
        b.dup(1);
        assertEquals("slot 1: IN_USE(count=0, cached) vs IN_USE(count=1, cached)",
                Snapshot.of(a).firstDifference(Snapshot.of(b)));
        b.cacheDel(1);
        assertEquals("slot 1: IN_USE(count=0, cached) vs IN_USE(count=1)",
                Snapshot.of(a).firstDifference(Snapshot.of(b)));
        b.put(1);
        assertEquals("slot 1: IN_USE(count=0, cached) vs FREE", Snapshot.of(a).firstDifference(Snapshot.of(b)));
        assertNotEquals(Snapshot.of(a), Snapshot.of(b));
        assertNotEquals(Snapshot.of(a).canonicalKey(), Snapshot.of(b).canonicalKey());
    }

    @Test
    void namesOtherObservables() {
        final SwapSpaceModel a = model();
        assertEquals("geometry: " + g + " vs " + Geometry.builder(16).clusterSlots(8).maxOrder(2).build(),
                Snapshot.of(a).firstDifference(Snapshot.of(new SwapSpaceModel(
                        Geometry.builder(16).clusterSlots(8).maxOrder(2).build()))));
        final SwapSpaceModel full = model();
        while (full.allocate(0) != SwapSpaceModel.NONE) {
            // fill
        }
        full.free(2, 2);
        full.free(9, 1);
        full.free(12, 2);
        final SwapSpaceModel other = full.copy();
        full.allocateFolio(2);
        other.allocateFolio(1);
        other.allocateFolio(1);
        final String d = Snapshot.of(full).firstDifference(Snapshot.of(other));
        assertEquals("descriptors: [#1(order 2: [2, 3, 12, 13])] vs []", d, "the same slots, one folio or two");
    }

    @Test
    void namesEveryKindOfDifference() {
        final SwapSpaceModel m = model();
        final Snapshot s = Snapshot.of(m);
        assertEquals("free blocks: [1/0, 2/1, 4/2, 8/3] vs [1/0, 2/1, 4/2, 8/2, 12/2]", s.firstDifference(
                Snapshot.of(new ForwardingView(m) {
                    @Override
                    public void forEachFreeBlock(final BlockVisitor v) {
                        m.forEachFreeBlock((start, order) -> {
                            if (start == 8) {
                                v.visit(8, 2);
                                v.visit(12, 2);
                            } else {
                                v.visit(start, order);
                            }
                        });
                    }
                })));
        assertEquals("clusters with metadata: {0} vs {0, 1}", s.firstDifference(Snapshot.of(new ForwardingView(m) {
            @Override
            public boolean hasClusterMetadata(final int cluster) {
                return true;
            }
        })));
        assertEquals("counters free/used: 15/0 vs 15/3", s.firstDifference(Snapshot.of(new ForwardingView(m) {
            @Override
            public long usedSlots() {
                return 3;
            }
        })));
        assertEquals("fragmentation: buddyinfo[1, 1, 1, 1] vs buddyinfo[0, 0, 0, 0]",
                s.firstDifference(Snapshot.of(new ForwardingView(m) {
                    @Override
                    public Fragmentation fragmentation() {
                        return new Fragmentation(new long[4]);
                    }
                })));
        assertEquals("slot 3: FREE vs FREE(count=2)", s.firstDifference(Snapshot.of(
                new ForwardingView(m) {
                    @Override
                    public long swapCount(final long slot) {
                        return slot == 3 ? 2 : 0;
                    }
                })));
        assertNotEquals(s, "not a snapshot");
    }

    @Test
    void namesPageblockCounterAndDescriptorDifferences() {
        final SwapSpaceModel m = model();
        final Snapshot s = Snapshot.of(m);
        // The header's pageblock is small from the start (its reserved slot is not free).
        assertEquals("small pageblocks: {0} vs {1}", s.firstDifference(Snapshot.of(new ForwardingView(m) {
            @Override
            public boolean smallPageblock(final long slot) {
                return slot >= 8;
            }
        })));
        assertEquals("counters free/used: 15/0 vs 14/0", s.firstDifference(Snapshot.of(new ForwardingView(m) {
            @Override
            public long freeSlots() {
                return 14;
            }
        })));
        final SwapSpaceModel full = model();
        while (full.allocate(0) != SwapSpaceModel.NONE) {
            // fill
        }
        full.free(2, 2);
        full.free(12, 2);
        full.allocateFolio(2); // #1, order 2, pages at 2, 3, 12, 13
        final Snapshot f = Snapshot.of(full);
        final String want = "descriptors: [#1(order 2: [2, 3, 12, 13])] vs ";
        assertEquals(want + "[#2(order 2: [2, 3, 12, 13])]", f.firstDifference(describing(full, 2, 2, 2, 3, 12, 13)));
        assertEquals(want + "[#1(order 1: [2, 3, 12, 13])]", f.firstDifference(describing(full, 1, 1, 2, 3, 12, 13)));
        assertEquals(want + "[#1(order 2: [2, 3, 12, 0])]", f.firstDifference(describing(full, 1, 2, 2, 3, 12, 0)));
        assertNull(f.firstDifference(describing(full, 1, 2, 2, 3, 12, 13)));
    }

    /** A snapshot of m whose one descriptor is replaced by the given one. */
    private static Snapshot describing(final SwapSpaceModel m, final long id, final int order, final long... pages) {
        return Snapshot.of(new ForwardingView(m) {
            @Override
            public void forEachDescriptor(final DescriptorVisitor v) {
                v.visit(id, order, pages);
            }
        });
    }

    @Test
    void canonicalKeysSeparateEveryObservable() {
        final SwapSpaceModel a = model();
        a.allocate(0);
        final SwapSpaceModel b = a.copy();
        b.dup(1);
        final SwapSpaceModel c = a.copy();
        c.dup(1);
        c.cacheDel(1);
        final Set<String> keys = new HashSet<>(List.of(Snapshot.of(model()).canonicalKey(),
                Snapshot.of(a).canonicalKey(), Snapshot.of(b).canonicalKey(), Snapshot.of(c).canonicalKey()));
        assertEquals(4, keys.size(), "free, cached, cached with count 1, count 1: four different keys");
    }

    @Test
    void picture() {
        final SwapSpaceModel a = new SwapSpaceModel(Geometry.builder(16).clusterSlots(8).maxOrder(3).badSlots(15)
                .build());
        a.allocate(0);
        a.allocate(1);
        a.dup(2);
        a.dup(3);
        a.cacheDel(3);
        a.dup(3);
        final Snapshot s = Snapshot.of(a);
        assertEquals(SlotState.RESERVED, s.state(15));
        assertEquals("""
                Snapshot(Geometry(slots=16, cluster=8, orders=0..3, bad=[15]))
                  slots: RcC2...........R
                  free blocks: [4/2, 8/2, 12/1, 14/0]
                  small pageblocks: {0, 1}
                  descriptors: []""", s.toString(), "pageblocks of 8 slots: the header's and the bad slot's are small");
    }
}
