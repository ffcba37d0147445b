package dev.swaplayer.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.SwapResult;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The shared slots of the stress run, step by step on one thread: the honest buddy allocator settles clean, and
 * each planted swap-count defect is named, whatever the interleaving would have been. What two threads add is only
 * that the steps meet; the checks are these.
 *
 * <p>Thread safety: JUnit runs it on one thread.
 */
class SharedSlotsTest {
    private static final Geometry G = Geometry.builder(1024).clusterSlots(64).maxOrder(4).build();

    private static StressTarget target(final BiFunction<Integer, Geometry, SlotAllocator> factory) {
        return PlantedBuddy.target(factory, G, 1);
    }

    private static SharedSlots take(final StressTarget t) {
        final SharedSlots s = SharedSlots.take(t, new AtomicIntegerArray((int) G.totalSlots()));
        assertNotNull(s);
        return s;
    }

    @Test
    void theHonestBuddySettlesClean_andItsLastPutsFreeEverySlot() {
        final StressTarget t = target(PlantedBuddy::new);
        final SharedSlots s = take(t);
        assertEquals(SharedSlots.SLOTS, t.usedSlots());
        for (int i = 0; i < 3 * SharedSlots.SLOTS; i++) {
            s.forkAndUnmap(i);
            assertTrue(s.pin(i, 1));
            assertFalse(s.pin(i, 2), "the second cacheAdd reads ALREADY_CACHED");
            s.unpin(i);
        }
        assertEquals(List.of(), s.settle());
        assertEquals(0, t.usedSlots(), "each slot's last put freed it");
    }

    @Test
    void aDeviceWithoutRoomForThem_sharesNothing_andKeepsNothing() {
        final Geometry tiny = Geometry.builder(8).clusterSlots(8).maxOrder(0).build();
        final StressTarget t = StressTarget.of(PolicyRegistry.builtIn(), "buddy", tiny, 1);
        final AtomicIntegerArray owner = new AtomicIntegerArray(8);
        assertNull(SharedSlots.take(t, owner), "7 usable slots, 8 to share");
        assertEquals(0, t.usedSlots(), "the slots taken were given back");
        for (int s = 0; s < 8; s++) {
            assertEquals(0, owner.get(s), "slot " + s + " is claimed by nobody");
        }
    }

    @Test
    void aCachePinHandedToTwoThreads_isNamed() {
        final SharedSlots s = take(target((type, g) -> new PlantedBuddy(type, g) {
            @Override
            public SwapResult cacheAdd(final long entry) {
                delegate().cacheAdd(entry);
                return SwapResult.OK; // planted: OK even when the slot was already cached
            }
        }));
        assertTrue(s.pin(3, 1));
        assertFalse(s.pin(3, 2));
        final List<String> wrong = s.settle();
        assertTrue(wrong.get(0).startsWith("1 wrong answer on shared slots, the first on swp(0:0x4): cacheAdd answered"
                + " OK to thread 2 while thread 1 held the swap cache's pin"), wrong.toString());
    }

    @Test
    void aPutThatDropsTwoReferences_isNamed() {
        final SharedSlots s = take(target((type, g) -> new PlantedBuddy(type, g) {
            @Override
            public boolean put(final long entry) {
                if (delegate().countOf(entry) >= 2) {
                    delegate().put(entry); // planted: one reference too many dropped
                }
                return delegate().put(entry);
            }
        }));
        s.forkAndUnmap(0);
        final List<String> wrong = s.settle();
        assertTrue(wrong.get(0).endsWith(": a put freed it while the count was at least 1"), wrong.toString());
        assertTrue(wrong.get(1).startsWith("shared slot swp(0:0x1): count 0 after the threads' forks, unmaps and"
                + " swap-cache pins (expected: count 1, not cached: an update was lost)"), wrong.toString());
    }

    @Test
    void everyOtherSlotSitsAtTheSwapMapBytesEdge_andItsPutsFreeItOnlyAtTheLast() {
        final StressTarget t = target(PlantedBuddy::new);
        final SharedSlots s = take(t);
        for (int i = 0; i < SharedSlots.SLOTS; i++) {
            final long e = SwapEntry.of(0, i + 1);
            assertEquals(i % 2 == 1 ? SharedSlots.EDGE : 1, t.counts().countOf(e), "slot " + (i + 1));
            s.forkAndUnmap(i);
        }
        assertEquals(List.of(), s.settle());
        assertEquals(0, t.usedSlots(), "each slot's last put freed it");
        final List<String> wrong = List.copyOf(take(target((type, g) -> new PlantedBuddy(type, g) {
            @Override
            public boolean put(final long entry) {
                return delegate().put(entry) || delegate().countOf(entry) == 1; // planted: "freed" one put early
            }
        })).settle());
        assertEquals(List.of("shared slot swp(0:0x2), freed by its 62 puts: put(swp(0:0x2)) at count 2, out of the"
                + " swap cache answered true (expected: false)"), wrong.subList(0, 1), wrong.toString());
        assertEquals(4, wrong.size(), "each slot at the edge: " + wrong);
    }

    /**
     * A carry into the continuation digit lost when a dup takes the count past the byte's edge: the slots at the
     * edge catch it on the first fork, the slots at count 1 never do.
     */
    @Test
    void aCarryLostAtTheByteEdge_isNamed_onTheSlotsThatStartThere() {
        final SharedSlots s = take(target((type, g) -> new PlantedBuddy(type, g) {
            @Override
            public SwapResult dup(final long entry) {
                return delegate().countOf(entry) == SharedSlots.EDGE ? SwapResult.OK : delegate().dup(entry);
            }
        }));
        for (int i = 0; i < SharedSlots.SLOTS; i++) {
            s.forkAndUnmap(i);
        }
        final List<String> wrong = s.settle();
        assertEquals("shared slot swp(0:0x2): count 61 after the threads' forks, unmaps and swap-cache pins (expected:"
                + " count 62, not cached: an update was lost)", wrong.get(0), wrong.toString());
        assertEquals(4, wrong.size(), wrong.toString());
    }

    @Test
    void aCacheDelThatSaysItFreedASlotWithReferences_isNamed() {
        final SharedSlots s = take(target((type, g) -> new PlantedBuddy(type, g) {
            @Override
            public boolean cacheDel(final long entry) {
                delegate().cacheDel(entry);
                return true; // planted: reports the slot freed whatever its count
            }
        }));
        assertTrue(s.pin(5, 1));
        s.unpin(5);
        assertTrue(s.settle().get(0).endsWith(": cacheDel freed it while the count was at least 62"),
                "slot 6 is at the edge");
    }
}
