package dev.swaplayer.properties;

import static dev.swaplayer.properties.MutationGate.MUTATION_REDUNDANT;

import dev.swaplayer.spec.Geometry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Refinement where a cluster holds more than 64 pageblocks, so that a cluster's pageblock marks, counts and
 * bucket maps span several 64-bit words (a cluster of 256 slots with pageblocks of 2: 128 pageblocks). The other
 * geometries of the suite keep at most 64 pageblocks per cluster, one word, where a word-index mistake in a
 * pageblock search reads word 0 anyway. Orders 0 and 1 on 256 slots; {@code PageblocksTest} checks the bucket masks
 * and two-slot pageblocks directly, for the mutation gate.
 *
 * <p>Thread safety: JUnit runs it on one thread; the property builds a fresh harness for each try.
 */
@Tag(MUTATION_REDUNDANT)
class ManyPageblocksProperties {

    @Test
    void clustersOfMoreThanSixtyFourPageblocks() {
        RefinementProperties.refinement("refinement: a cluster of 256, pageblocks of 2 slots, orders 0..1",
                Geometry.builder(256).clusterSlots(256).maxOrder(1).build())
                .tries(8)
                .steps(200)
                .check();
    }
}
