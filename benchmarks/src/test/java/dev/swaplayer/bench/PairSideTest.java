package dev.swaplayer.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.Test;

/** The two sides of a pair are separate classes with the same workload, named by the pair. */
class PairSideTest {
    @Test
    void eachSideHasItsOwnCopyOfTheAllocatorClasses() throws Exception {
        final IntToLongFunction locked = PairSide.isolated("buddy", "order0");
        final IntToLongFunction unlocked = PairSide.isolated("buddy_unlocked", "order0");
        assertTrue(locked.getClass().getClassLoader() instanceof IsolatingLoader);
        assertNotSame(locked.getClass(), unlocked.getClass(), "one class per side");
        assertNotSame(PairSide.class, locked.getClass());
        final ClassLoader l = locked.getClass().getClassLoader();
        assertNotSame(Class.forName("dev.swaplayer.allocator.BuddyAllocator", false, l),
                Class.forName("dev.swaplayer.allocator.BuddyAllocator", false, unlocked.getClass().getClassLoader()));
        assertEquals(Object.class, Class.forName("java.lang.Object", false, l), "the JDK is shared");
    }

    @Test
    void bothSidesRunTheSameStepsToTheSameHandles() throws Exception {
        for (final String stream : new String[] {"order0", "mixed"}) {
            final IntToLongFunction locked = PairSide.isolated("cluster", stream);
            final IntToLongFunction unlocked = PairSide.isolated("cluster_unlocked", stream);
            for (int batch = 0; batch < 3; batch++) {
                assertEquals(unlocked.applyAsLong(1000), locked.applyAsLong(1000), stream + " batch " + batch);
            }
        }
    }

    @Test
    void aPairNamesItsMeasuredSideAndItsBaseline() {
        assertArrayEquals(new String[] {"buddy", "buddy_unlocked"}, PairBench.sides("buddy_vs_unlocked"));
        assertArrayEquals(new String[] {"cluster", "cluster_unlocked"}, PairBench.sides("cluster_vs_unlocked"));
        assertArrayEquals(new String[] {"buddy", "bestfit"}, PairBench.sides("buddy_vs_bestfit"));
        for (final String bad : new String[] {"buddy", "legacy_vs_unlocked", "cluster_vs_bestfit"}) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PairBench.sides(bad));
            assertTrue(e.getMessage().startsWith("pair: " + bad + " (expected: "), e.getMessage());
        }
    }
}
