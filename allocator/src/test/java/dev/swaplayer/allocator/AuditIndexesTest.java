package dev.swaplayer.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import java.lang.reflect.Field;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The audit against corruption of what the allocator derives from its maps, one planted defect per check: the
 * device indexes and counters, the pageblock records and their indexes, and the descriptors. Each defect breaks one
 * structure only, so the message names the check that must catch it; a check that no test can make fire (one
 * the audit's other checks already imply) does not belong in the audit. {@link AuditTest} breaks the maps
 * themselves.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own allocators; it takes the device lock itself
 * only around the corruption, on that same thread.
 */
// Each corruption runs under the device lock, inside corruptAndAudit: ErrorProne cannot follow a lambda there.
@SuppressWarnings("GuardedBy")
class AuditIndexesTest {
    /** Clusters of 16 slots with one pageblock each (p = 4); clusters 1..3 are wholly free, without metadata. */
    private final BuddyAllocator a = new BuddyAllocator(0, Geometry.builder(64).clusterSlots(16).maxOrder(4).build());

    /** Clusters of 32 slots, pageblocks of 16: after allocate(0), pageblock 0 is small and 16/4 is wholly free. */
    private static BuddyAllocator twoPageblocksPerCluster() {
        final BuddyAllocator b = new BuddyAllocator(0, Geometry.builder(64).clusterSlots(32).maxOrder(5).build());
        assertEquals(1, SwapEntry.offset(b.allocate(0)));
        b.checkConsistency();
        return b;
    }

    /** Breaks the free space of b under its device lock (the audit's accessors assert it), then audits. */
    private static String corruptAndAudit(final BuddyAllocator b, final Consumer<FreeSpace> corruption) {
        final FreeSpace space = b.spaceForTest();
        space.deviceLock.lock();
        try {
            corruption.accept(space);
        } finally {
            space.deviceLock.unlock();
        }
        return assertThrows(AssertionError.class, b::checkConsistency).getMessage();
    }

    private static void assertNames(final String expected, final String message) {
        assertTrue(message.contains(expected), () -> "expected the audit to say \"" + expected + "\", got: " + message);
    }

    // ------------------------------------------------------------------------------ device indexes, counters

    @Test
    void aClusterWithMetadataMarkedWhollyFree() {
        a.allocate(0);
        assertNames("cluster 0: metadata true but wholeFree true", corruptAndAudit(a, s -> s.wholeFree.set(0)));
    }

    @Test
    void aWhollyFreeClusterInABucketIndex() {
        assertNames("cluster 2 has no metadata but is indexed (31)", corruptAndAudit(a, s -> s.hasBucket[31].set(2)));
    }

    @Test
    void aWhollyFreeClusterInTheSmallOpenIndex() {
        assertNames("cluster 2 has no metadata but is indexed (0)", corruptAndAudit(a, s -> s.hasSmallOpen.set(2)));
    }

    @Test
    void aWhollyFreeClusterInASmallFreeIndex() {
        assertNames("cluster 3 has no metadata but is indexed (2)", corruptAndAudit(a, s -> s.hasSmallFree[2].set(3)));
    }

    @Test
    void aWhollyFreeClusterInALargeFreeIndex() {
        assertNames("cluster 1 has no metadata but is indexed (3)", corruptAndAudit(a, s -> s.hasLargeFree[3].set(1)));
    }

    @Test
    void aDeviceBlockCountThatDisagrees() {
        assertNames("blocks [1, 1, 1, 1, 4] but the maps hold [1, 1, 1, 1, 3]", corruptAndAudit(a, s -> s.blocks[4]++));
    }

    @Test
    void freeSlotsCountedAsUsed() {
        // Free and used still add up to the device: only the free count disagrees with the maps.
        assertNames("free 62 (maps: 63) + used 1", corruptAndAudit(a, s -> s.counters.moveToUsedRelease(1)));
    }

    @Test
    void usedSlotsThatDoNotAddUp() {
        // The free count agrees with the maps; free + used + reserved exceeds the device by one.
        assertNames("free 63 (maps: 63) + used 1 + reserved 1 != 64", corruptAndAudit(a, s -> {
            s.counters.moveToUsedRelease(1);
            s.counters.addFree(1);
        }));
    }

    @Test
    void anOnDemandCountThatDisagrees() {
        a.allocate(4); // cluster 1 takes metadata on demand
        assertNames("on-demand clusters kept 2, counted 1", corruptAndAudit(a, s -> {
            final Field onDemand = accessible(FreeSpace.class, "onDemand");
            try {
                onDemand.setLong(s, onDemand.getLong(s) + 1);
            } catch (final IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    @Test
    void aWhollyFreeClusterWithMetadata() {
        // Metadata taken for cluster 2 and never dropped, although every slot of it is free.
        assertNames("Cluster(2: 0 used, 16 free, 0 reserved of 16): maps hold 16 free and 0 reserved slots",
                corruptAndAudit(a, s -> s.materialize(2)));
    }

    @Test
    void aReservedCountThatDisagrees() {
        assertNames("maps hold 15 free and 1 reserved slots",
                corruptAndAudit(a, s -> s.clusters[0].reservedCount++));
    }

    @Test
    void anOrderIndexedThatThePlacementDoesNotKeep() {
        a.allocate(0); // cluster 0 keeps 2/1, 4/2, 8/3; grouped placement keeps no index of orders below p = 4
        assertNames("order 1 has 1 free blocks, freeByOrder 1, hasFree true",
                corruptAndAudit(a, s -> s.hasFree[1].set(0)));
    }

    @Test
    void aKeptOrderMissingFromItsIndex() {
        final BuddyAllocator b = twoPageblocksPerCluster(); // 16/4 is free, and order 4 >= p is indexed
        assertNames("order 4 has 1 free blocks, freeByOrder 1, hasFree false",
                corruptAndAudit(b, s -> s.hasFree[4].clear(0)));
    }

    // ------------------------------------------------------------------------------ pageblocks

    @Test
    void aWhollyFreePageblockInABucket() {
        final BuddyAllocator b = twoPageblocksPerCluster();
        final String m = corruptAndAudit(b, s -> flipBucketBit(s.clusters[0].pageblocks, 3, 1));
        assertNames("pageblock at 16 has 16 free slots, small false, counted 16, in bucket 0 false", m);
    }

    @Test
    void aSmallOpenPageblockMissingFromTheDeviceIndex() {
        final BuddyAllocator b = twoPageblocksPerCluster();
        assertNames("device index of small pageblocks with a free slot is false, published true",
                corruptAndAudit(b, s -> s.hasSmallOpen.clear(0)));
    }

    @Test
    void aBucketIndexedThatTheClusterDoesNotHave() {
        final BuddyAllocator b = twoPageblocksPerCluster();
        assertNames("device index of bucket 20 is true", corruptAndAudit(b, s -> s.hasBucket[20].set(0)));
    }

    @Test
    void aNonEmptyBucketMissingFromTheDeviceIndex() {
        final BuddyAllocator b = twoPageblocksPerCluster();
        final long folio = b.allocate(4); // the large pageblock 16..31
        assertEquals(16, SwapEntry.offset(folio));
        b.free(SwapEntry.of(0, 20), 1); // one free slot: bucket 2^4 + 1
        b.checkConsistency();
        assertNames("device index of bucket 17 is false", corruptAndAudit(b, s -> s.hasBucket[17].clear(0)));
    }

    @Test
    void aSmallFreeCountThatDisagrees() {
        final BuddyAllocator b = twoPageblocksPerCluster(); // the small pageblock 0..15 keeps 2/1, 4/2, 8/3
        assertNames("order 2 has 1 free blocks in small pageblocks, smallFree 2",
                corruptAndAudit(b, s -> s.clusters[0].pageblocks.smallFree[2]++));
    }

    @Test
    void aSmallFreeBlockMissingFromItsDeviceIndex() {
        final BuddyAllocator b = twoPageblocksPerCluster();
        assertNames("order 1 has 1 free blocks in small pageblocks, smallFree 1, hasSmallFree false",
                corruptAndAudit(b, s -> s.hasSmallFree[1].clear(0)));
    }

    @Test
    void aLargeFreeIndexWithoutAFreeBlockInALargePageblock() {
        final BuddyAllocator b = twoPageblocksPerCluster(); // every free block below order 4 is in the small one
        assertNames("hasLargeFree true", corruptAndAudit(b, s -> s.hasLargeFree[3].set(0)));
    }

    @Test
    void aPageblockOrderIndexedThatTheAllocatorDoesNotKeep() {
        final BuddyAllocator b = twoPageblocksPerCluster();
        b.free(b.allocate(0), 1); // slot 1 again: the small pageblock still has no free block of order 0
        assertNames("order 0 has 0 free blocks in small pageblocks, smallFree 0, hasSmallFree true",
                corruptAndAudit(b, s -> s.hasSmallFree[0].set(0)));
    }

    @Test
    void aSmallOpenMarkPastTheLastPageblock() {
        // Two pageblocks per cluster: bit 5 of the small-open word names no pageblock, so no per-pageblock check
        // reads it; the count agrees with the bits, so only the cluster's kept answer is wrong.
        final BuddyAllocator b = new BuddyAllocator(0, Geometry.builder(64).clusterSlots(32).maxOrder(5).build());
        assertEquals(16, SwapEntry.offset(b.allocate(4)));
        assertEquals(32, SwapEntry.offset(b.allocate(4))); // cluster 1: a full large pageblock, a wholly free one
        b.checkConsistency();
        assertNames("device index of small pageblocks with a free slot is false, published false, kept true",
                corruptAndAudit(b, s -> {
                    final Pageblocks pb = s.clusters[1].pageblocks;
                    ((long[]) field(Pageblocks.class, "smallOpen", pb))[0] |= 1L << 5;
                    pb.smallOpenCount++;
                }));
    }

    /** The private field {@code name} of {@code type}, made accessible: the corruption reaches behind the API. */
    private static Field accessible(final Class<?> type, final String name) {
        try {
            final Field f = type.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (final NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object field(final Class<?> type, final String name, final Object owner) {
        try {
            return accessible(type, name).get(owner);
        } catch (final IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Flips pageblock b's bit in the map of the large bucket 2^p + f, behind the bucket counts' back. */
    private static void flipBucketBit(final Pageblocks pb, final int f, final int b) {
        final int words = (Integer) field(Pageblocks.class, "bucketWords", pb);
        ((long[]) field(Pageblocks.class, "bucketMaps", pb))[f * words + (b >>> 6)] ^= 1L << b;
    }

    // ------------------------------------------------------------------------------ descriptors

    @Test
    void aLiveDescriptorWithNoLivePage() {
        final BuddyAllocator b = AuditTest.fullButTwoRuns(2);
        b.allocateFolio(2); // slots 20, 21, 40, 41
        b.checkConsistency();
        final String m = corruptAndAudit(b, s -> {
            final CompoundDescriptor d = s.clusters[1].ownerOf(4);
            for (int p = 0; p < 4; p++) {
                d.release(p);
            }
        });
        assertNames("Compound(#1 order 2, 0 live: 20+2 40+2) is live with no page", m);
    }
}
