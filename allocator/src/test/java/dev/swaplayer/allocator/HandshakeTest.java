package dev.swaplayer.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.SwapResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The buddy allocator's handshake between its device lock and its cluster locks, one side at a time: an
 * allocation or free waits for a swap-count step inside a cluster it changes, and a swap-count step waits
 * for another thread's device lock and for its cluster lock. A helper thread holds the lock the call must
 * wait for; the call must not finish while it is held (checked after a pause) and must finish once it is let
 * go. The races themselves are JCStress's and Lincheck's (concurrency-tests). Also here: the planted
 * {@link Fault#UNLOCKED_DUP} skips exactly {@code dup}'s cluster lock and is correct on one thread, so the
 * Lincheck demo that rejects it rejects a lost update and nothing else.
 *
 * <p>Thread safety: each test owns its allocators; the helper threads only hold locks.
 */
class HandshakeTest {
    private static final long PAUSE_MS = 50;
    private final Geometry g = Geometry.builder(64).clusterSlots(16).maxOrder(4).build();
    private final BuddyAllocator a = new BuddyAllocator(0, g);

    private static <T> T waitsThenFinishes(final CompletableFuture<T> call, final LockHolder holder) throws Exception {
        Thread.sleep(PAUSE_MS);
        assertFalse(call.isDone(), "finished while the lock it must wait for was held");
        holder.letGo();
        return call.get(10, TimeUnit.SECONDS);
    }

    @Test
    void anAllocationWaitsForASwapCountStepInsideItsCluster() throws Exception {
        a.allocate(0); // slot 1: cluster 0 has metadata, and the next order-0 slot (2) is in it
        try (LockHolder h = new LockHolder(a.clusterForTest(0).lock)) {
            final long e = waitsThenFinishes(CompletableFuture.supplyAsync(() -> a.allocate(0)), h);
            assertEquals(2, SwapEntry.offset(e));
        }
        a.checkConsistency();
    }

    @Test
    void aFreeWaitsForASwapCountStepInsideItsCluster() throws Exception {
        final long e = a.allocate(0);
        try (LockHolder h = new LockHolder(a.clusterForTest(0).lock)) {
            waitsThenFinishes(CompletableFuture.runAsync(() -> a.free(e, 1)), h);
        }
        assertEquals(0, a.usedSlots());
        a.checkConsistency();
    }

    @Test
    void aFreeAcrossClustersWaitsForEachOfThem() throws Exception {
        final long first = a.allocate(4); // cluster 1 (cluster 0 holds the reserved slot 0)
        final long second = a.allocate(4); // cluster 2
        assertEquals(SwapEntry.offset(first) + 16, SwapEntry.offset(second));
        try (LockHolder h = new LockHolder(a.clusterForTest(2).lock)) {
            waitsThenFinishes(CompletableFuture.runAsync(() -> a.free(first, 32)), h);
        }
        assertEquals(0, a.usedSlots());
        a.checkConsistency();
    }

    @Test
    void aFreeEndingAtTheDeviceEndWaitsForItsCluster() throws Exception {
        a.allocate(4);
        a.allocate(4);
        final long last = a.allocate(4);
        assertEquals(48, SwapEntry.offset(last), "slots 48..63: the run ends where the device does");
        try (LockHolder h = new LockHolder(a.clusterForTest(3).lock)) {
            waitsThenFinishes(CompletableFuture.runAsync(() -> a.free(last, 16)), h);
        }
        assertEquals(32, a.usedSlots());
        a.checkConsistency();
    }

    @Test
    void aCompoundFolioWaitsForTheLastClusterOfItsExtentsWhenPlacedAndWhenFreed() throws Exception {
        while (a.allocate(0) != SwapEntry.NONE) {
            // fill
        }
        a.free(SwapEntry.of(0, 20), 4); // cluster 1
        a.free(SwapEntry.of(0, 40), 4); // cluster 2: an order-3 folio takes both runs
        final long folio;
        try (LockHolder h = new LockHolder(a.clusterForTest(2).lock)) {
            folio = waitsThenFinishes(CompletableFuture.supplyAsync(() -> a.allocateFolio(3)), h);
        }
        assertEquals(2, a.extents(folio, 3));
        try (LockHolder h = new LockHolder(a.clusterForTest(2).lock)) {
            waitsThenFinishes(CompletableFuture.runAsync(() -> a.freeFolioPages(folio, 3, 0, 8)), h);
        }
        assertEquals(0, a.descriptorCount());
        a.checkConsistency();
    }

    @Test
    void aSwapCountStepWaitsForAnotherThreadsDeviceLock() throws Exception {
        final long e = a.allocate(0);
        try (LockHolder h = new LockHolder(a.deviceLockForTest())) {
            assertEquals(SwapResult.OK, waitsThenFinishes(CompletableFuture.supplyAsync(() -> a.dup(e)), h));
        }
        assertEquals(1, a.countOf(e)); // a new slot is held by the swap cache alone (count 0); the dup made it 1
        a.checkConsistency();
    }

    @Test
    void aDupWaitsForItsClusterLock() throws Exception {
        final long e = a.allocate(0);
        try (LockHolder h = new LockHolder(a.clusterForTest(0).lock)) {
            assertEquals(SwapResult.OK, waitsThenFinishes(CompletableFuture.supplyAsync(() -> a.dup(e)), h));
        }
        assertEquals(1, a.countOf(e));
        a.checkConsistency();
    }

    @Test
    void theUnlockedDupFaultSkipsOnlyDupsClusterLock() throws Exception {
        final BuddyAllocator faulty = BuddyAllocator.withFault(0, g, Fault.UNLOCKED_DUP);
        final long e = faulty.allocate(0);
        try (LockHolder h = new LockHolder(faulty.clusterForTest(0).lock)) {
            // Finishes while the cluster lock is held all along (a timeout here means dup waited for it).
            final CompletableFuture<SwapResult> dup = CompletableFuture.supplyAsync(() -> faulty.dup(e));
            assertEquals(SwapResult.OK, dup.get(10, TimeUnit.SECONDS));
            assertFalse(waitsThenFinishes(CompletableFuture.supplyAsync(() -> faulty.put(e)), h)); // put still locks
        }
        assertEquals(0, faulty.countOf(e));
        assertTrue(faulty.isCached(e));
        faulty.checkConsistency();
    }

    @Test
    void theUnlockedDupFaultIsCorrectOnOneThread() {
        final BuddyAllocator faulty = BuddyAllocator.withFault(0, g, Fault.UNLOCKED_DUP);
        final long e = faulty.allocate(0);
        assertEquals(e, a.allocate(0));
        // slot 2 is free in cluster 0 (which has metadata); slot 40 is in cluster 2, wholly free (none)
        for (final long free : new long[] {SwapEntry.of(0, 2), SwapEntry.of(0, 40)}) {
            assertEquals(assertThrows(IllegalStateException.class, () -> a.dup(free)).getMessage(),
                    assertThrows(IllegalStateException.class, () -> faulty.dup(free)).getMessage());
        }
        assertEquals(SwapResult.OK, faulty.dup(e));
        assertEquals(SwapResult.OK, faulty.dup(e));
        assertEquals(2, faulty.countOf(e));
        faulty.setCountForTest(e, Integer.MAX_VALUE);
        assertEquals(SwapResult.COUNT_OVERFLOW, faulty.dup(e));
        assertEquals(Integer.MAX_VALUE, faulty.countOf(e));
        faulty.checkConsistency();
    }
}
