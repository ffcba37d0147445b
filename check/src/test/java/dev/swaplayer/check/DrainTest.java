package dev.swaplayer.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The drain of a quiet device, alone: every built-in policy hands out each free slot once, empty or half full, and
 * leaves the device as it found it; slots counted free that the allocator keeps back, and a slot handed out while
 * the owner table says it is in use, are named.
 *
 * <p>Thread safety: single-threaded.
 */
class DrainTest {
    private static final Geometry G = Geometry.builder(1024).clusterSlots(64).maxOrder(4).build();

    @ParameterizedTest
    @ValueSource(strings = {"legacy", "cluster", "cluster-72", "buddy", "compound", "first-fit"})
    void everyBuiltInPolicyHandsOutEachFreeSlot_emptyOrHalfFull(final String policy) {
        final StressTarget t = StressTarget.of(PolicyRegistry.builtIn(), policy, G, 1);
        assertNull(Drain.run(t, null, "empty"));
        final AtomicIntegerArray owner = new AtomicIntegerArray(1024);
        for (int i = 0; i < 100; i++) {
            final long h = t.allocate(i % 3 == 0 ? 2 : 0);
            owner.set((int) SwapEntry.offset(t.slot(h, i % 3 == 0 ? 2 : 0, 0)), 1);
        }
        final long used = t.usedSlots();
        assertNull(Drain.run(t, owner, "half full"));
        assertEquals(used, t.usedSlots(), "what it took was freed again");
    }

    @Test
    void slotsCountedFreeButKeptBack_areNamed() {
        final StressTarget t = PlantedBuddy.target((type, g) -> new PlantedBuddy(type, g) {
            @Override
            public long freeSlots() { // planted: three slots counted free that the allocator never hands out
                return delegate().freeSlots() + 3;
            }
        }, G, 1);
        assertEquals("x, allocate(0) handed out 1023 and then NONE where freeSlots() read 1026: 3 free slots can no"
                + " longer be handed out (an update of the free-space bookkeeping was lost) (expected: every free slot"
                + " handed out once by allocate(0) on the quiet device)", Drain.run(t, null, "x"));
        assertEquals(0, t.usedSlots(), "what it took was freed again");
    }

    @Test
    void aSlotInUseHandedOutAgain_isNamed() {
        final StressTarget t = StressTarget.of(PolicyRegistry.builtIn(), "buddy", G, 1);
        final AtomicIntegerArray owner = new AtomicIntegerArray(1024);
        owner.set(5, 1); // the table says slot 5 is in use; the allocator has it free
        final String wrong = Drain.run(t, owner, "x");
        assertTrue(wrong.startsWith("x, allocate(0) handed out swp(0:0x5), which was in use"), wrong);
        assertEquals(0, t.usedSlots());
    }

    @Test
    void onlySmallDevicesOfSingleSlotAllocationsAreDrained() {
        assertTrue(Drain.applies(G));
        assertTrue(Drain.applies(Geometry.builder(Drain.MAX_SLOTS).build()));
        assertFalse(Drain.applies(Geometry.builder(Drain.MAX_SLOTS * 2).build()));
        assertFalse(Drain.applies(Geometry.builder(1024).clusterSlots(64).maxOrder(4).minOrder(1).build()));
    }
}
