package dev.swaplayer.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.swaplayer.spec.Geometry;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks' baseline, {@link ClusterAllocator#withoutLocks}, must be the same model with the locks
 * switched off: on one thread it gives exactly the answers of the locked one.
 *
 * <p>Thread safety: JUnit runs it on one thread, which is the point: the unlocked model is only correct on one.
 */
class WithoutLocksTest {
    @Test
    void oneThreadGetsTheSameAnswersWithAndWithoutLocks() {
        final Geometry g = Geometry.builder(4096).clusterSlots(64).maxOrder(4).build();
        final ClusterAllocator locked = new ClusterAllocator(0, g, 1);
        final ClusterAllocator unlocked = ClusterAllocator.withoutLocks(0, g);
        final SplittableRandom rnd = new SplittableRandom(5);
        final List<long[]> live = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            if (live.isEmpty() || rnd.nextInt(3) != 0) {
                final int order = rnd.nextInt(3) * 2;
                final long a = locked.allocate(order);
                assertEquals(a, unlocked.allocate(order), "allocation " + i);
                if (a != ClusterAllocator.NONE) {
                    live.add(new long[] {a, 1L << order});
                }
            } else {
                final long[] f = live.remove(rnd.nextInt(live.size()));
                locked.free(f[0], f[1]);
                unlocked.free(f[0], f[1]);
            }
        }
        assertEquals(locked.usedSlots(), unlocked.usedSlots());
        assertEquals(locked.fragmentation(), unlocked.fragmentation());
        unlocked.checkConsistency();
        assertEquals(0, unlocked.listMembershipViolations());
    }
}
