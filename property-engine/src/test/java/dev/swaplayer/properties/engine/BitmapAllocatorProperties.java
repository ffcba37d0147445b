package dev.swaplayer.properties.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentest4j.AssertionFailedError;

/**
 * Not thread-safe (JUnit runs it on one thread).
 * A planted bug in a stateful test shrinks to its known minimal sequence: a bitmap slot allocator
 * over 64 slots keeps its bits in an {@code int}, so {@code 1 << 32} aliases slot 0.
 */
@ExtendWith(CleanSystemProperties.class)
class BitmapAllocatorProperties {

    /** A slot allocator over 64 slots. */
    interface Allocator {
        int alloc();

        void free(int slot);
    }

    /** The buggy allocator: 64 slots, but the bitmap is an int. */
    static final class BitmapAllocator implements Allocator {
        private int bits;

        @Override
        public int alloc() {
            for (int slot = 0; slot < 64; slot++) {
                if ((bits & (1 << slot)) == 0) {
                    bits |= 1 << slot;
                    return slot;
                }
            }
            return -1;
        }

        @Override
        public void free(final int slot) {
            if ((bits & (1 << slot)) == 0) {
                throw new IllegalStateException("double free of slot " + slot);
            }
            bits &= ~(1 << slot);
        }
    }

    /** The fixed allocator: the bitmap is a long. */
    static final class FixedAllocator implements Allocator {
        private long bits;

        @Override
        public int alloc() {
            for (int slot = 0; slot < 64; slot++) {
                if ((bits & (1L << slot)) == 0) {
                    bits |= 1L << slot;
                    return slot;
                }
            }
            return -1;
        }

        @Override
        public void free(final int slot) {
            if ((bits & (1L << slot)) == 0) {
                throw new IllegalStateException("double free of slot " + slot);
            }
            bits &= ~(1L << slot);
        }
    }

    /** The state: the allocator and its model, the set of allocated slots. */
    static final class Model {
        final Allocator allocator;
        final TreeSet<Integer> used = new TreeSet<>();

        Model(final Allocator allocator) {
            this.allocator = allocator;
        }

        int lowestFree() {
            for (int slot = 0; slot < 64; slot++) {
                if (!used.contains(slot)) {
                    return slot;
                }
            }
            return -1;
        }
    }

    static final Action<Model> ALLOC = Action.of("alloc()", m -> {
        int expected = m.lowestFree();
        assertEquals(expected, m.allocator.alloc(), "slot allocated");
        if (expected >= 0) {
            m.used.add(expected);
        }
    });

    static Action<Model> free(final int k) {
        return Action.of("free(" + k + ")", m -> {
            if (m.used.remove(k)) {
                m.allocator.free(k);
            } else {
                Coverage.label("double free rejected");
                assertThrows(IllegalStateException.class, () -> m.allocator.free(k), "double free of " + k);
            }
        });
    }

    static final Gen<Action<Model>> ACTIONS = Gens.<Action<Model>>weighted()
            .add(1, Gens.constant(ALLOC))
            .add(1, Gens.ints(0, 63).map(BitmapAllocatorProperties::free))
            .build();

    private static PropertyFailure failure(final long seed) {
        return assertThrows(PropertyFailure.class, () -> Stateful.of("bitmap allocator matches model",
                        () -> new Model(new BitmapAllocator()), ACTIONS)
                .seed(seed)
                .failureStore(FailureStore.NONE)
                .check());
    }

    @Test
    void aliasedSlotShrinksToAllocThenFree32() {
        PropertyFailure failure = failure(1);

        assertEquals(List.of("alloc()", "free(32)"), failure.steps());
        assertEquals(2, failure.shrunkSize());
        assertTrue(failure.originalSize() > 10, "a long random sequence was shrunk: " + failure.originalSize());
        String report = failure.getMessage();
        assertTrue(report.contains("\n  1. alloc()\n  2. free(32)\n"), report);
        assertTrue(report.contains("shrunk from " + failure.originalSize() + " steps to 2 in "
                + failure.shrinkAttempts() + " attempts"), report);
        assertTrue(report.contains(
                "Failure: step 2 free(32) threw: org.opentest4j.AssertionFailedError: double free of 32"),
                report);
        assertTrue(report.contains("re-run: -Dswaplayer.seed=1 (property \"bitmap allocator matches model\")"), report);
        assertEquals(AssertionFailedError.class, failure.getCause().getClass());
    }

    @Test
    void shrinksToTheSameMinimumFromManySeeds() {
        for (long seed = 2; seed <= 25; seed++) {
            PropertyFailure failure = failure(seed);
            assertEquals(List.of("alloc()", "free(32)"), failure.steps(), "seed " + seed + "\n" + failure.getMessage());
        }
    }

    @Test
    void theFixedAllocatorPasses() {
        Stateful<Model> property = Stateful.of("fixed allocator matches model",
                        () -> new Model(new FixedAllocator()), ACTIONS)
                .seed(99)
                .failureStore(FailureStore.NONE)
                .invariant("model within 64 slots", m -> assertTrue(m.used.size() <= 64))
                .requireCoverage("double free rejected");

        property.check();

        assertTrue(property.statistics().get("double free rejected") > 100, property.statistics().toString());
    }
}
