package dev.swaplayer.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.swaplayer.spec.Geometry;
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

    @Test
    void hidesTheDelegatesSwapCountsAndRejectsNull() {
        final SlotAllocator f = new Plain(new BuddyAllocator(1, G));
        assertFalse(f instanceof SwapCounts, "a wrapper is only a SlotAllocator, whatever it wraps");
        assertEquals("delegate: null (expected: a slot allocator)",
                assertThrows(IllegalArgumentException.class, () -> new Plain(null)).getMessage());
    }
}
