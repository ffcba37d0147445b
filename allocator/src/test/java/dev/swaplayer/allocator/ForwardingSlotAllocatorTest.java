package dev.swaplayer.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.SwapResult;
import org.junit.jupiter.api.Test;

/** A forwarding allocator answers every call as its delegate, and hides what the delegate adds. */
class ForwardingSlotAllocatorTest {
    private static final Geometry G = Geometry.builder(256).clusterSlots(64).build();

    /** Forwards everything. Thread safety: as the delegate. */
    private static final class Plain extends ForwardingSlotAllocator<SlotAllocator> {
        Plain(final SlotAllocator delegate) {
            super(delegate);
        }
    }

    @Test
    void everyCallGoesToTheDelegate() {
        final BuddyAllocator inner = new BuddyAllocator(3, G);
        final BuddyAllocator twin = new BuddyAllocator(3, G);
        final SlotAllocator f = new Plain(inner);
        assertEquals(3, f.type());
        assertSame(inner.geometry(), f.geometry());
        final int[] orders = {0, 2, 1, 4, 0};
        final long[] entries = new long[orders.length];
        for (int i = 0; i < orders.length; i++) {
            entries[i] = f.allocate(orders[i]);
            assertEquals(twin.allocate(orders[i]), entries[i], "order " + orders[i]);
            assertEquals(twin.usedSlots(), inner.usedSlots(), "the delegate made the allocation");
        }
        assertEquals(inner.usedSlots(), f.usedSlots());
        assertEquals(inner.freeSlots(), f.freeSlots());
        assertNotEquals(f.usedSlots(), f.freeSlots());
        f.free(entries[3], 16);
        twin.free(entries[3], 16);
        assertEquals(twin.usedSlots(), inner.usedSlots(), "the delegate freed the run");
        assertEquals(twin.fragmentation(), f.fragmentation());
        assertEquals(inner.fragmentation(), f.fragmentation());
    }

    /** Forwards allocation and swap counts. Thread safety: as the delegate. */
    private static final class WithCounts extends ForwardingSlotAllocator<BuddyAllocator>
            implements SwapCounts.Forwarding {
        WithCounts(final BuddyAllocator delegate) {
            super(delegate);
        }

        @Override
        public SwapCounts swapCounts() {
            return delegate();
        }
    }

    @Test
    void swapCountsForwardingSendsEachCountCallToTheDelegatesCounts() {
        final BuddyAllocator inner = new BuddyAllocator(3, G);
        final SwapCounts f = new WithCounts(inner);
        final long a = inner.allocate(0); // in use, count 0, pinned by the swap cache (SWAP_HAS_CACHE)
        final long b = inner.allocate(0);
        assertEquals(SwapResult.OK, f.dup(a));
        assertEquals(SwapResult.OK, f.dup(a));
        assertEquals(2, inner.countOf(a), "dup went to the delegate");
        assertEquals(2, f.countOf(a));
        assertEquals(0, f.countOf(b), "countOf reads the slot named");
        assertFalse(f.cacheDel(a), "two references left");
        assertFalse(inner.isCached(a), "cacheDel went to the delegate");
        assertFalse(f.isCached(a));
        assertTrue(f.isCached(b));
        assertEquals(SwapResult.OK, f.cacheAdd(a));
        assertTrue(inner.isCached(a), "cacheAdd went to the delegate");
        assertEquals(SwapResult.ALREADY_CACHED, f.cacheAdd(b), "the delegate's answer");
        assertTrue(f.cacheDel(b), "the pin was the last use: the delegate freed the slot");
        assertFalse(f.put(a), "one reference left");
        assertFalse(f.put(a), "the cache still pins it");
        assertEquals(1, inner.usedSlots());
        assertTrue(f.cacheDel(a));
        assertEquals(0, inner.usedSlots());
        assertEquals("slot " + SwapEntry.offset(a) + ": free (expected: in use)",
                assertThrows(IllegalStateException.class, () -> f.put(a)).getMessage());
    }

    @Test
    void hidesTheDelegatesSwapCountsAndRejectsNull() {
        final SlotAllocator f = new Plain(new BuddyAllocator(1, G));
        assertFalse(f instanceof SwapCounts, "a wrapper is only a SlotAllocator, whatever it wraps");
        assertEquals("delegate: null (expected: a slot allocator)",
                assertThrows(IllegalArgumentException.class, () -> new Plain(null)).getMessage());
    }
}
