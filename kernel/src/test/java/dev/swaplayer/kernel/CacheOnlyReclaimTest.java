package dev.swaplayer.kernel;

import static dev.swaplayer.kernel.KernelFixtures.alloc;
import static dev.swaplayer.kernel.KernelFixtures.entry;
import static dev.swaplayer.kernel.KernelFixtures.small;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.kernel.KernelFixtures.Model;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The cache-only hook: reclaim under vm_swap_full(), the listener, and the default of no reclaim.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own models; the reclaim listener is called on
 * that thread, inside the model's call.
 */
class CacheOnlyReclaimTest {
    private final List<long[]> reclaimed = new ArrayList<>();

    private <A extends KernelModel> A listening(final A a) {
        a.setReclaimListener((e, n) -> reclaimed.add(new long[] {SwapEntry.offset(e), n}));
        return a;
    }

    private void assertReclaimed(final long slot, final int nr) {
        assertEquals(1, reclaimed.size(), "one reclaim");
        assertEquals(slot, reclaimed.get(0)[0]);
        assertEquals(nr, reclaimed.get(0)[1]);
    }

    /** 6.12 step 4: with FREE drained and vm_swap_full(), the head FULL cluster's cache-only runs go. */
    @Test
    void clusterReclaimsOneFullClusterWhenTheFreeListIsDrained() {
        final ClusterAllocator a = listening(new ClusterAllocator(0, small(), 1));
        for (int i = 0; i < 12; i++) {
            alloc(a, 4);
        }
        a.setCacheOnly(entry(80), 16, true);
        assertTrue(a.isCacheOnly(entry(85)));
        assertEquals(80, alloc(a, 4), "reclaimed from FULL cluster 1, then found through NONFULL[4]");
        assertReclaimed(80, 16);
        assertEquals(16, a.reclaimedSlots());
        assertFalse(a.isCacheOnly(entry(85)), "a reallocated slot is not cache-only");
        a.checkConsistency();
    }

    /** 6.12 cluster_scan_range: a cache-only run in the way is reclaimed only while vm_swap_full(). */
    @Test
    void clusterScanReclaimsACacheOnlyRangeOnlyWhenSwapIsFull() {
        final ClusterAllocator notFull = listening(new ClusterAllocator(0, small(), 2));
        fillClusterOneWithCacheOnlyRunAndAHole(notFull);
        notFull.setCpu(0);
        assertEquals(128, alloc(notFull, 0));
        notFull.setCpu(1);
        assertEquals(192, alloc(notFull, 0));
        notFull.setCpu(0);
        assertEquals(80, alloc(notFull, 4), "not full: the cache-only run at 64 is passed over");
        assertTrue(notFull.isCacheOnly(entry(64)));
        assertEquals(0, notFull.reclaimedSlots());
        notFull.checkConsistency();

        final ClusterAllocator full = listening(new ClusterAllocator(0, small(), 1));
        fillClusterOneWithCacheOnlyRunAndAHole(full);
        for (int i = 0; i < 128; i++) {
            alloc(full, 0);
        }
        assertEquals(64, alloc(full, 4), "full: the cache-only run at 64 is reclaimed and taken");
        assertReclaimed(64, 16);
        full.checkConsistency();
    }

    private static void fillClusterOneWithCacheOnlyRunAndAHole(final ClusterAllocator a) {
        for (int i = 0; i < 4; i++) {
            alloc(a, 4);
        }
        a.setCacheOnly(entry(64), 16, true);
        a.free(entry(80), 16);
    }

    /** 6.12: the allocation that fills the device runs the reclaim work over the FULL clusters. */
    @Test
    void clusterReclaimWorkRunsWhenTheDeviceBecomesFull() {
        final ClusterAllocator a = listening(new ClusterAllocator(0, small(), 1));
        for (int i = 0; i < 12; i++) {
            alloc(a, 4);
        }
        assertEquals(1, alloc(a, 0));
        a.setCacheOnly(entry(128), 16, true);
        for (int s = 2; s < 63; s++) {
            assertEquals(s, alloc(a, 0));
        }
        assertTrue(reclaimed.isEmpty(), "hint hits: no reclaim yet");
        assertEquals(63, alloc(a, 0));
        assertReclaimed(128, 16);
        assertEquals(16, a.freeSlots());
        assertEquals("Cluster(2: NONFULL order=4, 48/64)", a.describeCluster(2));
        a.checkConsistency();
    }

    /** 6.10: the global order-0 scan reclaims a cache-only slot under vm_swap_full() and takes it. */
    @Test
    void legacyGlobalScanReclaimsACacheOnlySlot() {
        final LegacyAllocator a = listening(new LegacyAllocator(0, small(), 1));
        for (int i = 0; i < 255; i++) {
            alloc(a, 0);
        }
        a.setCacheOnly(entry(70), 1, true);
        assertEquals(SwapEntry.NONE, a.allocate(0), "a full device fails before any scan or reclaim");
        assertTrue(reclaimed.isEmpty());
        a.free(entry(100), 1);
        assertEquals(70, alloc(a, 0), "the scan from 64 meets the cache-only 70 before the free 100");
        assertReclaimed(70, 1);
        a.checkConsistency();
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void aRunIsReclaimedOnlyWhileEverySlotOfItIsCacheOnly(final Model model) {
        final KernelModel a = listening(model.create(small(), 1));
        for (int i = 0; i < 255; i++) {
            alloc(a, 0);
        }
        a.setCacheOnly(entry(64), 2, true);
        a.setCacheOnly(entry(65), 1, false);
        assertEquals(-2, a.reclaim.tryReclaim(64), "slot 65 is mapped again: the folio stays");
        assertEquals(0, a.reclaim.tryReclaim(65));
        assertEquals(0, a.reclaim.tryReclaim(66));
        a.setCacheOnly(entry(64), 2, true);
        assertEquals(2, a.reclaim.tryReclaim(65), "any slot of the run reclaims the whole run");
        assertReclaimed(64, 2);
        a.checkConsistency();
    }

    /** Freeing part of a marked run unmarks the rest, so a reused slot cannot complete the old run. */
    @ParameterizedTest
    @EnumSource(Model.class)
    void freeingPartOfARunUnmarksTheRest(final Model model) {
        final KernelModel a = listening(model.create(small(), 1));
        for (int i = 0; i < 255; i++) {
            alloc(a, 0);
        }
        a.setCacheOnly(entry(64), 16, true);
        a.free(entry(65), 1);
        assertFalse(a.isCacheOnly(entry(64)), "the folio of 64+16 no longer lies whole in the swap cache");
        assertFalse(a.isCacheOnly(entry(79)));
        assertEquals(65, alloc(a, 0), "the only free slot");
        a.setCacheOnly(entry(65), 1, true);
        assertEquals(0, a.reclaim.tryReclaim(64), "64 is held by the caller, not by a cache-only run");
        assertEquals(1, a.reclaim.tryReclaim(65), "the new folio at 65 is reclaimed alone");
        assertReclaimed(65, 1);
        a.checkConsistency();
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void freeingClearsTheMarkAndNothingIsReclaimedUnmarked(final Model model) {
        final KernelModel a = listening(model.create(small(), 1));
        for (int i = 0; i < 255; i++) {
            alloc(a, 0);
        }
        a.setCacheOnly(entry(64), 1, true);
        a.free(entry(64), 1);
        assertFalse(a.isCacheOnly(entry(200)));
        for (int round = 0; round < 50; round++) {
            final long s = alloc(a, 0);
            a.free(entry(s), 1);
        }
        assertTrue(reclaimed.isEmpty());
        assertEquals(0, a.reclaimedSlots());
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void theListenerMayReadButNotChangeTheAllocator(final Model model) {
        final KernelModel a = model.create(small(), 1);
        final List<RuntimeException> refused = new ArrayList<>();
        a.setReclaimListener((e, n) -> {
            assertEquals(a.freeSlots(), n + 0L, "the slots are already free when told");
            refused.add(assertThrows(IllegalStateException.class, () -> a.allocate(0)));
            refused.add(assertThrows(IllegalStateException.class, () -> a.free(entry(1), 1)));
        });
        for (int i = 0; i < 255; i++) {
            alloc(a, 0);
        }
        a.setCacheOnly(entry(64), 1, true);
        assertEquals(1, a.reclaim.tryReclaim(64));
        assertEquals(2, refused.size());
        assertEquals("allocator: inside a SlotReclaimed callback (expected: not re-entered by the callback)",
                refused.get(0).getMessage());
        a.checkConsistency();
    }
}
