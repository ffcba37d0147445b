package dev.swaplayer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.Test;

/** The two sides of a lock pair are separate classes with the same workload. */
class LockSideTest {
    @Test
    void eachSideHasItsOwnCopyOfTheAllocatorClasses() throws Exception {
        final IntToLongFunction locked = LockSide.isolated("buddy", "order0");
        final IntToLongFunction unlocked = LockSide.isolated("buddy_unlocked", "order0");
        assertTrue(locked.getClass().getClassLoader() instanceof IsolatingLoader);
        assertNotSame(locked.getClass(), unlocked.getClass(), "one class per side");
        assertNotSame(LockSide.class, locked.getClass());
        final ClassLoader l = locked.getClass().getClassLoader();
        assertNotSame(Class.forName("dev.swaplayer.allocator.BuddyAllocator", false, l),
                Class.forName("dev.swaplayer.allocator.BuddyAllocator", false, unlocked.getClass().getClassLoader()));
        assertEquals(Object.class, Class.forName("java.lang.Object", false, l), "the JDK is shared");
    }

    @Test
    void bothSidesRunTheSameStepsToTheSameHandles() throws Exception {
        for (final String stream : new String[] {"order0", "mixed"}) {
            final IntToLongFunction locked = LockSide.isolated("cluster", stream);
            final IntToLongFunction unlocked = LockSide.isolated("cluster_unlocked", stream);
            for (int batch = 0; batch < 3; batch++) {
                assertEquals(unlocked.applyAsLong(1000), locked.applyAsLong(1000), stream + " batch " + batch);
            }
        }
    }
}
