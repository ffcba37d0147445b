package dev.swaplayer.allocator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link DescriptorsById} against a JDK {@code TreeMap} of the same descriptors: ids handed out in sequence, as
 * {@link DescriptorTable} hands them out, removed in seeded random order (heads, middles and tails of the buckets'
 * chains, long-lived ids beside new ones that share their bucket) across several growths.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own maps.
 */
class DescriptorsByIdTest {

    private static CompoundDescriptor descriptor(final long id) {
        return new CompoundDescriptor(id, 0, new long[] {id}, new int[] {1});
    }

    @Test
    void idsThatShareABucketAreFoundAndRemovedFromAnyPlaceInItsChain() {
        final DescriptorsById map = new DescriptorsById();
        final CompoundDescriptor a = descriptor(3);
        final CompoundDescriptor b = descriptor(3 + 16);
        final CompoundDescriptor c = descriptor(3 + 32);
        map.add(a);
        map.add(b);
        map.add(c); // one bucket of 16: c, b, a
        assertSame(b, map.get(19));
        assertNull(map.get(51), "same bucket, not there");
        map.remove(b); // the middle of the chain
        assertNull(map.get(19));
        assertSame(a, map.get(3));
        assertSame(c, map.get(35));
        map.remove(c); // its head
        map.remove(a); // its last
        assertEquals(0, map.size());
        assertNull(map.get(3));
        assertArrayEquals(new long[0], map.sortedIds());
    }

    @Test
    void theBucketsGrowToStayAtLeastFourThirdsOfTheLiveCount() {
        final DescriptorsById map = new DescriptorsById();
        for (long id = 1; id <= 12; id++) {
            map.add(descriptor(id));
        }
        assertEquals(16, map.bucketsForTest(), "12 live in 16 buckets");
        map.add(descriptor(13));
        assertEquals(32, map.bucketsForTest(), "the 13th doubles them");
        for (long id = 14; id <= 24; id++) {
            map.add(descriptor(id));
        }
        assertEquals(32, map.bucketsForTest(), "24 live in 32");
        map.add(descriptor(25));
        assertEquals(64, map.bucketsForTest());
        for (long id = 1; id <= 25; id++) {
            assertEquals(id, map.get(id).id, "found after two growths");
        }
    }

    @Test
    void seededAddsAndRemovesAgreeWithAnOrderedMap() {
        for (long seed = 1; seed <= 20; seed++) {
            final SplittableRandom random = new SplittableRandom(seed);
            final DescriptorsById map = new DescriptorsById();
            final Map<Long, CompoundDescriptor> oracle = new TreeMap<>();
            final List<CompoundDescriptor> live = new ArrayList<>();
            long next = 1;
            for (int step = 0; step < 3_000; step++) {
                if (live.isEmpty() || random.nextInt(100) < 55) {
                    final CompoundDescriptor d = descriptor(next++);
                    map.add(d);
                    oracle.put(d.id, d);
                    live.add(d);
                } else {
                    final int i = random.nextInt(live.size());
                    final CompoundDescriptor d = live.get(i);
                    live.set(i, live.get(live.size() - 1));
                    live.remove(live.size() - 1);
                    map.remove(d);
                    oracle.remove(d.id);
                }
                final long probe = 1 + random.nextLong(next);
                assertSame(oracle.get(probe), map.get(probe), "seed " + seed + ", step " + step + ": id " + probe);
                assertEquals(oracle.size(), map.size(), "seed " + seed + ", step " + step);
            }
            assertArrayEquals(oracle.keySet().stream().mapToLong(Long::longValue).toArray(), map.sortedIds(),
                    "seed " + seed);
            assertEquals(new HashSet<>(oracle.values()), new HashSet<>(map.values()), "seed " + seed);
            for (final CompoundDescriptor d : oracle.values()) {
                assertSame(d, map.get(d.id), "seed " + seed);
            }
        }
    }
}
