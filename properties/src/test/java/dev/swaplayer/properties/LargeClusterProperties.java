package dev.swaplayer.properties;

import dev.swaplayer.spec.Geometry;
import org.junit.jupiter.api.Test;

/**
 * Refinement on the kernel's cluster size (512 slots, orders 0..9), where every per-order bitmap spans several
 * 64-bit words. Slow enough (seconds) that PIT leaves it out; the normal test phase runs it.
 *
 * <p>Thread safety: JUnit runs it on one thread; the property builds a fresh harness for each try.
 */
class LargeClusterProperties {

    @Test
    void kernelClusterSize() {
        RefinementProperties.refinement("refinement: 2 clusters of 512, orders 0..9",
                Geometry.builder(1024).clusterSlots(512).build())
                .tries(40)
                .steps(60)
                .check();
    }
}
