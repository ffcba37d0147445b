package dev.swaplayer.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.swaplayer.properties.engine.Property;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Buddy arithmetic, checked exhaustively over a small range, and the canonical decomposition by example.
 *
 * <p>Thread safety: JUnit runs it on one thread; the functions under test are pure.
 */
class BlocksTest {

    @Test
    void kernelExample() {
        assertEquals(10, Blocks.buddyOf(8, 1), "the buddy of 8 at order 1 is 10");
        assertEquals(8, Blocks.parentOf(10, 1));
        assertEquals(8, Blocks.parentOf(8, 1));
    }

    @Test
    void buddyArithmeticExhaustively() {
        final List<long[]> domain = new ArrayList<>();
        for (int order = 0; order < 10; order++) {
            for (long start = 0; start < 4096; start += 1L << order) {
                domain.add(new long[] {start, order});
            }
        }
        Property.exhaustive("buddy of buddy, parent alignment, pack round trip", domain).check(v -> {
            final long b = v[0];
            final int o = (int) v[1];
            assertEquals(b, Blocks.buddyOf(Blocks.buddyOf(b, o), o));
            assertEquals(Blocks.parentOf(b, o), Blocks.parentOf(Blocks.buddyOf(b, o), o));
            assertEquals(0, Blocks.parentOf(b, o) & ((1L << (o + 1)) - 1));
            assertEquals(b, Blocks.start(Blocks.pack(b, o)));
            assertEquals(o, Blocks.order(Blocks.pack(b, o)));
        });
    }

    @Test
    void canonicalDecomposition() {
        final Geometry g = Geometry.builder(16).clusterSlots(8).maxOrder(2).build();
        // free: 1..7 and 8..15 except 12
        final long[] blocks = Blocks.canonical(g, s -> s != 0 && s != 12);
        assertEquals("[1/0, 2/1, 4/2, 8/2, 13/0, 14/1]", Snapshot.blocksToString(blocks));
    }

    @Test
    void canonicalStopsAtTheDeviceEnd() {
        final Geometry g = Geometry.builder(11).clusterSlots(8).maxOrder(3).build();
        assertArrayEquals(new long[] {Blocks.pack(1, 0), Blocks.pack(2, 1), Blocks.pack(4, 2), Blocks.pack(8, 1),
            Blocks.pack(10, 0)}, Blocks.canonical(g, s -> s != 0));
    }
}
