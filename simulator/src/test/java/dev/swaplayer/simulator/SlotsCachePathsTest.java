package dev.swaplayer.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.kernel.SlotsCache;
import dev.swaplayer.spec.Geometry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two free paths of {@code cluster-612-slots} as the memory model drives them: a swap-in frees slot by
 * slot (held back by the return cache), an unmap frees each run of consecutive slots at once.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own memory.
 */
class SlotsCachePathsTest {
    /** 64 order-0 pages swapped out on a 1024-slot device of 64-slot clusters: one batch, one cluster. */
    private static Memory swappedOut(final String policy) {
        final Geometry g = Geometry.builder(1024).clusterSlots(64).build();
        final Memory m = new Memory(List.of(new Workload.Region("a", 64, 0)), TestPolicies.create(policy, g, 1),
                SwapIn.PAGE, new Counters(g.maxOrder()));
        m.write(0, 0, 64);
        m.pageout(0, 0, 64);
        return m;
    }

    private static SlotsCache cache(final Memory m) {
        return (SlotsCache) m.policy().allocator();
    }

    @Test
    void swapIn_freesSlotBySlot_heldBackByTheReturnCache() {
        final Memory m = swappedOut("cluster-612-slots");
        assertTrue(m.policy().batchesUnmaps());
        m.write(0, 0, 64);
        assertEquals(64, cache(m).device().usedSlots(), "64 single frees wait in the return cache");
        assertEquals(0, m.policy().allocator().usedSlots());
        m.checkInvariants();
    }

    @Test
    void dontneed_freesEachRunOfConsecutiveSlotsAtOnce_acrossFolios() {
        final Memory m = swappedOut("cluster-612-slots");
        for (int p = 1; p < 64; p++) {
            assertEquals(m.slotOf(0, 0) + p, m.slotOf(0, p), "the batch of 64 is one cluster, in order");
        }
        m.write(0, 5, 1);
        m.dontneed(0, 0, 64);
        assertEquals(1, cache(m).device().usedSlots(), "runs 0-4 and 6-63 freed at once; page 5's slot held back");
        assertEquals(1, cache(m).cachedSlots());
        m.checkInvariants();
    }

    @Test
    void otherPolicies_freeFolioByFolio_asBefore() {
        final Memory m = swappedOut("cluster");
        assertFalse(m.policy().batchesUnmaps());
        assertThrows(IllegalStateException.class, () -> m.policy().freeUnmapped(m.slotOf(0, 0), 1));
        m.write(0, 5, 1);
        m.dontneed(0, 0, 64);
        assertEquals(0, m.policy().allocator().usedSlots());
        m.checkInvariants();
    }
}
