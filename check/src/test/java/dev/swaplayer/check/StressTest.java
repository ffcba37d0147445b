package dev.swaplayer.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.spec.Geometry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The stress run on a small, crowded device: every policy must come out with nothing lost or duplicated. */
class StressTest {
    /** Small clusters and a small device, so that threads meet in the same clusters all the time. */
    private final Geometry g = Geometry.builder(4096).clusterSlots(64).maxOrder(4).build();

    @ParameterizedTest
    @EnumSource(Stress.Policy.class)
    void threeThreadsLoseAndDuplicateNothing(final Stress.Policy policy) throws InterruptedException {
        final Stress.Result r = Stress.run(policy, g, 3, 30_000, 7);
        assertNull(r.failure());
        assertEquals(0, r.lost(), "lost");
        assertEquals(0, r.duplicated(), "duplicated");
        assertEquals(30_000, r.ops());
        assertEquals(3, r.threads());
        assertEquals(policy.label(), r.policy());
        assertTrue(r.passed());
    }

    @Test
    void aResultWithAnythingLostOrBrokenFails() {
        assertTrue(new Stress.Result("buddy", 1, 1, 0, 0, 0.1, null).passed());
        assertTrue(!new Stress.Result("buddy", 1, 1, 1, 0, 0.1, null).passed());
        assertTrue(!new Stress.Result("buddy", 1, 1, 0, 1, 0.1, null).passed());
        assertTrue(!new Stress.Result("buddy", 1, 1, 0, 0, 0.1, "audit: x").passed());
    }

    @Test
    void badCountsAreRejected() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Stress.run(Stress.Policy.BUDDY, g, 0, 10, 1)).getMessage().startsWith("threads: 0"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Stress.run(Stress.Policy.BUDDY, g, 1, 0, 1)).getMessage().startsWith("ops: 0"));
    }
}
