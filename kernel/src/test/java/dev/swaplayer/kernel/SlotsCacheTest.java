package dev.swaplayer.kernel;

import static dev.swaplayer.kernel.KernelFixtures.entry;
import static dev.swaplayer.kernel.KernelFixtures.slot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The 6.12 swap slots cache in front of the cluster model, worked by hand from mm/swap_slots.c at v6.12.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own caches; the CPUs it switches between with
 * {@code setCpu} are the model's, not threads.
 */
class SlotsCacheTest {
    /** 16 clusters of 64: 1023 usable slots, above the activation threshold of 320 for one CPU. */
    private static Geometry device1024() {
        return Geometry.builder(1024).clusterSlots(64).build();
    }

    @Test
    void firstOrderZeroAllocation_activatesAndTakesABatchOf64InTheDevicesOrder() {
        final SlotsCache c = SlotsCache.cluster(0, device1024(), 1);
        final ClusterAllocator bare = new ClusterAllocator(0, device1024(), 1);
        assertFalse(c.active(), "the cache starts inactive");
        final long first = c.allocate(0);
        assertTrue(c.active());
        assertEquals(64, c.device().usedSlots(), "refill_swap_slots_cache took 64 slots");
        assertEquals(63, c.cachedSlots());
        assertEquals(1, c.usedSlots());
        assertEquals(bare.allocate(0), first);
        for (int i = 1; i < 64; i++) {
            assertEquals(bare.allocate(0), c.allocate(0), "slot " + i + " of the batch, in the device's order");
        }
        assertEquals(64, c.device().usedSlots(), "the batch served 64 allocations");
        c.allocate(0);
        assertEquals(128, c.device().usedSlots(), "the 65th refilled");
        c.checkConsistency();
    }

    @Test
    void smallDevice_neverActivates_allocatesOneByOne() {
        final SlotsCache c = SlotsCache.cluster(0, KernelFixtures.small(), 1);
        c.allocate(0);
        assertFalse(c.active(), "255 free slots are not more than 5 * 64");
        assertEquals(1, c.device().usedSlots());
        assertEquals(0, c.cachedSlots());
    }

    @Test
    void largeFolios_bypassTheCache() {
        final SlotsCache c = SlotsCache.cluster(0, device1024(), 1);
        c.allocate(4);
        assertFalse(c.active(), "folio_alloc_swap of a large folio does not check the cache");
        assertEquals(16, c.device().usedSlots());
    }

    @Test
    void singleFrees_areHeldUntilThe65thReturnsTheFirst64() {
        final SlotsCache c = SlotsCache.cluster(0, device1024(), 1);
        final List<Long> held = new ArrayList<>();
        for (int i = 0; i < 128; i++) {
            held.add(c.allocate(0));
        }
        assertEquals(128, c.device().usedSlots());
        for (int i = 0; i < 64; i++) {
            c.freeSwappedIn(held.get(i), 1);
        }
        assertEquals(128, c.device().usedSlots(), "64 frees wait in the return cache");
        assertEquals(64, c.cachedSlots());
        assertEquals(64, c.usedSlots());
        c.free(held.get(64), 1);
        assertEquals(64, c.device().usedSlots(), "the 65th free returned the first 64");
        assertEquals(1, c.cachedSlots());
        c.checkConsistency();
    }

    @Test
    void unmapBatch_insideOneCluster_isFreedAtOnce_acrossClusters_slotBySlot() {
        final SlotsCache c = SlotsCache.cluster(0, Geometry.builder(4096).clusterSlots(64).build(), 1);
        final List<Long> clusters = new ArrayList<>();
        while (!clusters.contains(64L) || !clusters.contains(128L)) {
            clusters.add(slot(c.allocate(6)));
        }
        c.allocate(0);
        assertTrue(c.active());
        final long used = c.device().usedSlots();
        c.free(entry(64), 4);
        assertEquals(used - 4, c.device().usedSlots(), "__swap_entries_free: one cluster, freed at once");
        c.free(entry(127), 2);
        assertEquals(used - 4, c.device().usedSlots(), "crosses a cluster: free_swap_slot, held back");
        assertEquals(63 + 2, c.cachedSlots());
        c.free(entry(68), 1);
        assertEquals(used - 4, c.device().usedSlots(), "a single slot is held back too");
        c.checkConsistency();
    }

    @Test
    void fewFreeSlots_deactivateAndDrainBothCaches_thenEverySlotReachesTheCaller() {
        final SlotsCache c = SlotsCache.cluster(0, device1024(), 1);
        final long first = c.allocate(0);
        c.freeSwappedIn(first, 1);
        assertEquals(64, c.cachedSlots(), "63 cached to hand out, 1 to return");
        boolean sawActive = c.active();
        long got = 0;
        while (c.allocate(0) != SwapEntry.NONE) {
            got++;
            sawActive |= c.active();
        }
        assertTrue(sawActive);
        assertFalse(c.active(), "fewer than 2 * 64 free slots deactivated the cache");
        assertEquals(0, c.cachedSlots(), "the drain returned both caches");
        assertEquals(1023, got, "every usable slot reached the caller");
        assertEquals(1023, c.usedSlots());
        c.checkConsistency();
    }

    @Test
    void misuse_rejected_stateUnchanged() {
        final SlotsCache c = SlotsCache.cluster(0, device1024(), 1);
        final long a = c.allocate(0);
        final long b = c.allocate(0);
        c.freeSwappedIn(a, 1);
        final String before = c.toString() + c.device();
        final IllegalStateException twice = assertThrows(IllegalStateException.class, () -> c.free(a, 1));
        assertTrue(twice.getMessage().contains("in the slots cache"), twice.getMessage());
        final long notHandedOut = SwapEntry.plus(b, 1);
        assertThrows(IllegalStateException.class, () -> c.freeSwappedIn(notHandedOut, 1));
        assertThrows(IllegalStateException.class, () -> c.free(b, 2), "a run reaching a cached slot");
        assertThrows(IllegalArgumentException.class, () -> c.free(SwapEntry.of(1, 5), 1));
        assertThrows(IllegalArgumentException.class, () -> c.free(b, 0));
        assertThrows(IllegalArgumentException.class, () -> c.allocate(11));
        assertEquals(before, c.toString() + c.device());
        c.checkConsistency();
    }

    @Test
    void audit_catchesASlotFreedBehindTheCachesBack() {
        final SlotsCache c = SlotsCache.cluster(0, device1024(), 1);
        final long handedOut = c.allocate(0);
        c.checkConsistency();
        c.device().free(SwapEntry.plus(handedOut, 1), 1);
        final AssertionError e = assertThrows(AssertionError.class, c::checkConsistency);
        assertTrue(e.getMessage().contains("slots cache corrupt"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42})
    void randomOperations_keepTheCachesConsistent(final long seed) {
        final Random rnd = new Random(seed);
        final SlotsCache c = SlotsCache.cluster(0, device1024(), 2);
        final List<Long> held = new ArrayList<>();
        final List<Integer> orders = new ArrayList<>();
        for (int step = 0; step < 3000; step++) {
            c.setCpu(rnd.nextInt(2));
            if (held.isEmpty() || rnd.nextInt(100) < 55) {
                final int k = rnd.nextInt(4) == 0 ? 2 : 0;
                final long e = c.allocate(k);
                if (e != SwapEntry.NONE) {
                    held.add(e);
                    orders.add(k);
                }
            } else {
                final int i = rnd.nextInt(held.size());
                final long e = held.remove(i);
                final int n = 1 << orders.remove(i);
                if (rnd.nextBoolean()) {
                    c.free(e, n);
                } else {
                    c.freeSwappedIn(e, n);
                }
            }
            c.checkConsistency();
            final long callerSlots = orders.stream().mapToLong(k -> 1L << k).sum();
            assertEquals(callerSlots, c.usedSlots(), "step " + step);
            assertEquals(1023, c.usedSlots() + c.freeSlots());
            assertEquals(c.freeSlots(), c.fragmentation().freeSlots(), "step " + step);
        }
    }
}
