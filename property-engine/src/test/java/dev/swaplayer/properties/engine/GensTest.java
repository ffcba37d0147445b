package dev.swaplayer.properties.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Not thread-safe (JUnit runs it on one thread).
 * The generators: ranges, weights, and where they shrink to.
 */
@ExtendWith(CleanSystemProperties.class)
class GensTest {

    private static <T> Object shrunk(final String name, final Gen<T> gen, final Check<T> property) {
        return assertThrows(PropertyFailure.class, () -> Property.forAll(name, gen).seed(17)
                .failureStore(FailureStore.NONE).check(property)).counterexample();
    }

    @Test
    void weightedChoiceRespectsWeights() {
        Gen<String> gen = Gens.<String>weighted()
                .add(9, Gens.constant("first"))
                .add(1, Gens.constant("second"))
                .build();
        Source source = Source.random(2);
        int first = 0;
        for (int i = 0; i < 10_000; i++) {
            if (gen.generate(source).equals("first")) {
                first++;
            }
        }
        assertTrue(first >= 8_000 && first <= 9_800, "first option drawn " + first + " of 10000 times");
    }

    @Test
    void weightedChoiceShrinksTowardTheFirstOption() {
        Gen<String> gen = Gens.<String>weighted()
                .add(1, Gens.constant("a"))
                .add(5, Gens.constant("b"))
                .add(5, Gens.constant("c"))
                .build();
        assertEquals("a", shrunk("never a weighted value", gen, v -> assertTrue(v.isEmpty())));
        assertEquals("b", shrunk("not a weighted value", gen, v -> assertTrue(v.equals("a"))));
        assertThrows(IllegalArgumentException.class, () -> Gens.weighted().add(0, Gens.constant(1)));
        assertThrows(IllegalStateException.class, () -> Gens.weighted().build());
    }

    @Test
    void elementsAndOneOfShrinkTowardTheFirst() {
        assertEquals("x", shrunk("elements", Gens.elements("x", "y", "z"), v -> assertTrue(v.isEmpty())));
        assertEquals(7, shrunk("oneOf", Gens.oneOf(Gens.ints(7, 9), Gens.ints(100, 200)), v -> assertTrue(v < 0)));
        assertEquals(false, shrunk("booleans", Gens.booleans(), v -> assertTrue(v == null)));
        assertEquals(0, shrunk("orders", Gens.orders(10), v -> assertTrue(v < 0)));
    }

    @Test
    void intsStayInRangeAndHitTheEdges() {
        Source source = Source.random(3);
        Set<Integer> seen = new HashSet<>();
        Gen<Integer> gen = Gens.ints(-5, 1000);
        for (int i = 0; i < 2000; i++) {
            int x = gen.generate(source);
            assertTrue(x >= -5 && x <= 1000, String.valueOf(x));
            seen.add(x);
        }
        assertTrue(seen.containsAll(List.of(-5, 1000, 0, 1, -1)), "edges drawn");
        Gen<Long> longs = Gens.longs(Long.MIN_VALUE, Long.MAX_VALUE);
        Set<Long> extremes = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            extremes.add(longs.generate(source));
        }
        assertTrue(extremes.containsAll(List.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L)));
        assertThrows(IllegalArgumentException.class, () -> Gens.ints(2, 1));
    }

    @Test
    void rangeMappingIsABijectionOrderedBySimplicity() {
        long[][] ranges = {{-3, 5}, {-7, 2}, {0, 9}, {4, 9}, {-9, -4}, {-1, 1}, {-5, 0}};
        for (long[] range : ranges) {
            Integral integral = new Integral(range[0], range[1]);
            Set<Long> values = new HashSet<>();
            long previousMagnitude = -1;
            for (long raw = 0; raw <= range[1] - range[0]; raw++) {
                long value = integral.fromRaw(raw);
                assertTrue(value >= range[0] && value <= range[1]);
                assertEquals(raw, integral.toRaw(value));
                values.add(value);
                if (range[0] <= 0 && range[1] >= 0) {
                    assertTrue(Math.abs(value) >= previousMagnitude, "zigzag from 0 outward");
                    previousMagnitude = Math.abs(value);
                }
            }
            assertEquals(range[1] - range[0] + 1, values.size());
        }
        assertEquals(0L, new Integral(-5, 0).fromRaw(0), "shrinks toward 0 when in range");
        assertEquals(-9L, new Integral(-9, -4).fromRaw(0), "else toward the minimum");
        Integral full = new Integral(Long.MIN_VALUE, Long.MAX_VALUE);
        for (long v : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1, 12345}) {
            assertEquals(v, full.fromRaw(full.toRaw(v)));
        }
    }

    @Test
    void listsRespectTheirSizes() {
        Gen<List<Boolean>> gen = Gens.lists(Gens.booleans(), 2, 4);
        Source source = Source.random(4);
        Set<Integer> sizes = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            sizes.add(gen.generate(source).size());
        }
        assertEquals(Set.of(2, 3, 4), sizes);
        assertEquals(List.of(false, false), shrunk("lists never", gen, v -> assertTrue(v.isEmpty())));
    }

    @Test
    void mapFlatMapAndFilterCompose() {
        Gen<Integer> evens = Gens.ints(0, 9).filter(x -> x % 2 == 0);
        Gen<List<Integer>> gen = Gens.ints(1, 5).flatMap(n -> Gens.lists(evens, n, n));
        Source source = Source.random(5);
        for (int i = 0; i < 200; i++) {
            List<Integer> list = gen.generate(source);
            assertTrue(list.size() >= 1 && list.size() <= 5);
            assertTrue(list.stream().allMatch(x -> x % 2 == 0), list.toString());
        }
        Gen<String> mapped = Gens.ints(0, 100).map(x -> "#" + x);
        assertEquals("#4", shrunk("mapped", mapped, v -> assertTrue(v.length() < 2 || v.compareTo("#4") < 0)));
    }

    @Test
    void anUnsatisfiableFilterIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Property.forAll("impossible",
                        Gens.ints(0, 10).filter(x -> x > 10))
                .seed(1).failureStore(FailureStore.NONE).check(x -> { }));

        assertTrue(e.getMessage().contains("filter rejected 100 consecutive"), e.getMessage());
        assertTrue(e.getMessage().contains("-Dswaplayer.seed=1"), e.getMessage());
    }

    @Test
    void assumptionsDiscardValues() {
        List<Integer> checked = new ArrayList<>();
        Property.forAll("odd only", Gens.ints(0, 100)).seed(1).tries(200).failureStore(FailureStore.NONE)
                .check(x -> {
                    Assumptions.assumeTrue(x % 2 == 1);
                    checked.add(x);
                });
        assertTrue(checked.stream().allMatch(x -> x % 2 == 1) && checked.size() > 50);

        PropertyFailure failure = assertThrows(PropertyFailure.class,
                () -> Property.forAll("nothing checked", Gens.ints(0, 100))
                .seed(1).tries(20).failureStore(FailureStore.NONE)
                .check(x -> Assumptions.assumeTrue(false)));
        assertTrue(failure.getMessage().contains("all 20 tries were discarded"), failure.getMessage());
    }
}
