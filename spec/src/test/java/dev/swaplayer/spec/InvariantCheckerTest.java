package dev.swaplayer.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each condition of each state invariant, broken alone, is reported; a healthy state reports nothing.
 *
 * <p>Thread safety: each test runs on JUnit's one thread on its own instance, with its own models and views.
 */
class InvariantCheckerTest {
    private final Geometry g = Geometry.builder(32).clusterSlots(16).maxOrder(3).build();
    private final SwapSpaceModel empty = new SwapSpaceModel(g);

    private static String first(final SwapSpaceView v) {
        final List<InvariantChecker.Violation> found = InvariantChecker.check(Snapshot.of(v));
        return found.isEmpty() ? "none" : found.get(0).toString();
    }

    private ForwardingView blocks(final long... startOrder) {
        return blocks(empty, startOrder);
    }

    /** The view {@code base} with its free blocks replaced by {@code startOrder}'s (start, order) pairs. */
    private static ForwardingView blocks(final SwapSpaceView base, final long... startOrder) {
        return new ForwardingView(base) {
            @Override
            public void forEachFreeBlock(final BlockVisitor v) {
                for (int i = 0; i < startOrder.length; i += 2) {
                    v.visit(startOrder[i], (int) startOrder[i + 1]);
                }
            }
        };
    }

    @Test
    void blocksListedInAnyOrderAreFine() {
        assertEquals("none", first(blocks(24, 3, 16, 3, 8, 3, 4, 2, 2, 1, 1, 0)));
    }

    @Test
    void eachFreeBlockConditionIsChecked() {
        assertTrue(first(blocks(1, 0, 2, 1, 4, 2, 8, 3, 16, 4)).startsWith("INV-3"), "order above maxOrder");
        assertTrue(first(blocks(1, 0, 2, 1, 4, 2, 8, 3, 17, 1)).startsWith("INV-3"), "misaligned");
        assertTrue(first(blocks(1, 0, 2, 1, 4, 2, 8, 3, 16, 3, 24, 3, 32, 0)).startsWith("INV-3"), "past the end");
        final String twice = first(blocks(1, 0, 2, 1, 4, 2, 8, 3, 16, 3, 24, 3, 24, 0));
        assertTrue(twice.startsWith("INV-1") && twice.contains("slot 24 in free block 24/0 is in another free block"),
                twice);
    }

    /** Two free buddies of order 2 listed apart, where the canonical decomposition has one block of order 3. */
    @Test
    void freeBuddiesLeftUnmergedAreNotCoalesced() {
        final String found = first(blocks(1, 0, 2, 1, 4, 2, 8, 2, 12, 2, 16, 3, 24, 3));
        assertTrue(found.startsWith("INV-4"), found);
    }

    /** The other half of {@link #metadataIsChecked}: metadata kept by a cluster whose slots are all free. */
    @Test
    void metadataKeptByAWhollyFreeClusterIsCaught() {
        final SwapSpaceModel m = new SwapSpaceModel(g);
        m.allocate(0);
        final String kept = first(new ForwardingView(m) {
            @Override
            public boolean hasClusterMetadata(final int cluster) {
                return true;
            }
        });
        assertEquals("INV-10 metadata-on-demand: cluster 1 is wholly free but still has metadata", kept);
    }

    @Test
    void aFreeBlockOverAnInUseSlotIsNamedWithTheSlotsState() {
        final SwapSpaceModel m = new SwapSpaceModel(g);
        assertEquals(1, m.allocate(0), "slot 0 is the header");
        // every slot but the header listed free, slot 1 too
        final String found = first(blocks(m, 1, 0, 2, 1, 4, 2, 8, 3, 16, 3, 24, 3));
        assertTrue(found.startsWith("INV-1") && found.contains("slot 1 in free block 1/0 is " + SlotState.IN_USE),
                found);
    }

    @Test
    void countersAreChecked() {
        assertTrue(first(new ForwardingView(empty) {
            @Override
            public long usedSlots() {
                return 1;
            }
        }).startsWith("INV-2"));
        final String header = first(new ForwardingView(empty) {
            @Override
            public SlotState state(final long slot) {
                return slot == 0 ? SlotState.IN_USE : empty.state(slot);
            }
        });
        assertTrue(header.startsWith("INV-5") && header.contains("slot 0 is IN_USE but is the header or bad"), header);
        final String notBad = first(new ForwardingView(empty) {
            @Override
            public SlotState state(final long slot) {
                return slot == 3 ? SlotState.RESERVED : empty.state(slot);
            }
        });
        assertTrue(notBad.startsWith("INV-5") && notBad.contains("slot 3 is RESERVED but is neither header nor bad"),
                notBad);
    }

    @Test
    void countsAreChecked() {
        final SwapSpaceModel m = new SwapSpaceModel(g);
        m.allocate(0);
        m.dup(1);
        m.cacheDel(1);
        assertEquals("none", first(m), "count 1, uncached: in use");
        assertTrue(first(new ForwardingView(m) {
            @Override
            public long swapCount(final long slot) {
                return slot == 1 ? SwapResult.MAX_SWAP_COUNT + 1 : 0;
            }
        }).startsWith("INV-6"));
        assertTrue(first(new ForwardingView(empty) {
            @Override
            public boolean cached(final long slot) {
                return slot == 5;
            }
        }).startsWith("INV-6"), "a free slot cannot be cached");
        final SwapSpaceModel full = new SwapSpaceModel(g);
        full.allocate(0);
        assertEquals("none", first(new ForwardingView(full) {
            @Override
            public long swapCount(final long slot) {
                return slot == 1 ? SwapResult.MAX_SWAP_COUNT : 0;
            }
        }), "the largest count is allowed");
    }

    @Test
    void descriptorPagesAreChecked() {
        final SwapSpaceModel m = new SwapSpaceModel(g);
        m.allocate(2);
        final String twice = first(new ForwardingView(m) {
            @Override
            public void forEachDescriptor(final DescriptorVisitor v) {
                v.visit(1, 1, new long[] {4, 4});
            }
        });
        assertTrue(twice.startsWith("INV-7") && twice.endsWith("slot 4 is out of page order"), twice);
        final String free = first(new ForwardingView(m) {
            @Override
            public void forEachDescriptor(final DescriptorVisitor v) {
                v.visit(1, 1, new long[] {4, 9});
            }
        });
        assertTrue(free.startsWith("INV-7") && free.endsWith("slot 9 is " + SlotState.FREE), free);
        assertEquals("none", first(new ForwardingView(m) {
            @Override
            public void forEachDescriptor(final DescriptorVisitor v) {
                v.visit(1, 2, new long[] {0, 5, 0, 7});
            }
        }), "freed pages are 0");
    }

    @Test
    void metadataIsChecked() {
        final SwapSpaceModel m = new SwapSpaceModel(g);
        m.allocate(3); // slots 8..15, cluster 0 holds the header anyway
        m.allocate(3); // slots 16..23: cluster 1 needs metadata now
        assertEquals("none", first(m));
        assertEquals("INV-10 metadata-on-demand: cluster 1 needs metadata but has none", first(new ForwardingView(m) {
            @Override
            public boolean hasClusterMetadata(final int cluster) {
                return cluster == 0;
            }
        }));
    }

    @Test
    void assertHoldsThrowsWithThePicture() {
        final AssertionError e = assertThrows(AssertionError.class, () -> InvariantChecker.assertHolds(
                Snapshot.of(blocks(1, 0))));
        assertTrue(e.getMessage().startsWith("invariants broken: [INV-1"), e.getMessage());
        assertTrue(e.getMessage().contains("slots: R"), e.getMessage());
        InvariantChecker.assertHolds(Snapshot.of(empty));
    }

    @Test
    void fragmentationMustMatchTheBlocks() {
        assertTrue(first(new ForwardingView(empty) {
            @Override
            public Fragmentation fragmentation() {
                return new Fragmentation(new long[] {1, 1, 1, 2});
            }
        }).startsWith("INV-11"));
    }
}
