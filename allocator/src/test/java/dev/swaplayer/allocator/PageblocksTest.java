package dev.swaplayer.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.Placement;
import dev.swaplayer.spec.SwapSpaceModel;
import org.junit.jupiter.api.Test;

/**
 * The pageblock buckets at every pageblock order, and the smallest pageblocks (two slots) on a whole device.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own allocator and model.
 */
class PageblocksTest {

    @Test
    void theLargeBucketsAreThoseOfPartlyFreeLargePageblocks() {
        for (int p = 0; p <= 5; p++) { // 2^(p+1) buckets fit the 64-bit mask up to p = 5
            long expected = 0;
            for (int free = 0; free <= 1 << p; free++) {
                final int bucket = Pageblocks.bucketOf(free, false, p);
                expected |= bucket == 0 ? 0 : 1L << bucket;
                assertEquals(free == 0 || free == 1 << p ? 0 : free, Pageblocks.bucketOf(free, true, p),
                        "a small pageblock's bucket is its free count, p = " + p);
            }
            assertEquals(Long.toBinaryString(expected), Long.toBinaryString(Pageblocks.largeBuckets(p)), "p = " + p);
        }
    }

    @Test
    void pageblocksOfTwoSlotsKeepEveryBucket() {
        // maxOrder 1: pageblocks of 2 slots, buckets 0..3, the large one with one free slot in bucket 3.
        final Geometry g = Geometry.builder(64).clusterSlots(16).maxOrder(1).build();
        final BuddyAllocator impl = new BuddyAllocator(0, g);
        final SwapSpaceModel model = new SwapSpaceModel(g, Placement.GROUPED);
        long folios = 0;
        while (true) {
            final long got = impl.allocate(1);
            assertEquals(model.allocate(1), slotOrZero(got), "allocate(1)");
            if (got == SwapEntry.NONE) {
                break;
            }
            folios++;
        }
        assertEquals(31, folios, "every pageblock but the header's");
        for (final long slot : new long[] {21, 40, 63}) { // one page of three folios: large pageblocks, one free slot
            impl.free(SwapEntry.of(0, slot), 1);
            model.free(slot, 1);
        }
        impl.checkConsistency();
        for (int i = 0; i < 4; i++) {
            assertEquals(model.allocate(0), slotOrZero(impl.allocate(0)), "allocate(0) #" + i);
        }
        assertEquals(0, impl.freeSlots(), "the header's spare slot and the three pages");
        impl.checkConsistency();
    }

    /** An allocation's slot as the model reports it: 0 for none. */
    private static long slotOrZero(final long entry) {
        return entry == SwapEntry.NONE ? 0 : SwapEntry.offset(entry);
    }
}
