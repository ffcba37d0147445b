package dev.swaplayer.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.swaplayer.allocator.FolioOutcome;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import org.junit.jupiter.api.Test;

/**
 * Which order-0 slot each page of a split folio gets: in address order for the 6.12 models, head first and then
 * the tails from the last page down for {@code cluster-72} (7.2's reclaim takes the tails of
 * {@code __folio_split} from the tail of its list). The slots allocated are the same either way.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own policy; the shared geometry is immutable.
 */
class SplitOrderTest {
    /** 4 clusters of 16 slots; order 4 needs a whole free cluster. */
    private static final Geometry G = Geometry.builder(64).clusterSlots(16).build();

    /** Uses every cluster so that an order-4 folio finds no run and is split. */
    private static PolicySlots crowded(final String name) {
        final PolicySlots p = TestPolicies.create(name, G, 1);
        for (final int order : new int[] {2, 3, 1}) {
            p.allocator().allocate(order);
        }
        return p;
    }

    private static long[] splitSlots(final PolicySlots p) {
        final long[] out = new long[16];
        assertEquals(FolioOutcome.SWPOUT_FALLBACK, p.place(4, out));
        final long[] slots = new long[16];
        for (int i = 0; i < 16; i++) {
            slots[i] = SwapEntry.offset(out[i]);
        }
        return slots;
    }

    @Test
    void cluster72_headFirst_thenTheTailsFromTheLastPageDown() {
        final long[] slots = splitSlots(crowded("cluster-72"));
        // Allocated 1..15 in cluster 0 (the header's, NONFULL[0]), then 50 stolen from cluster 3's FRAG[1].
        assertEquals(1, slots[0], "the head page takes the first slot");
        assertEquals(2, slots[15], "then the last page");
        assertEquals(15, slots[2]);
        assertEquals(50, slots[1], "the second page comes last");
    }

    @Test
    void cluster612_inAddressOrder() {
        final long[] slots = splitSlots(crowded("cluster"));
        for (int i = 0; i < 15; i++) {
            assertEquals(1 + i, slots[i], "page " + i);
        }
        assertEquals(50, slots[15], "the same slots as cluster-72 takes, in the order they were allocated");
    }
}
