package dev.swaplayer.properties.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not thread-safe (JUnit runs it on one thread).
 * Seeds: determinism, the {@code swaplayer.seed}/{@code swaplayer.tries} overrides, replay of the
 * last failure.
 */
@ExtendWith(CleanSystemProperties.class)
class SeedTest {

    private static final Gen<List<Integer>> LISTS = Gens.lists(Gens.ints(-1000, 1000), 0, 20);

    private static List<List<Integer>> generated(final long seed, final int tries) {
        List<List<Integer>> values = new ArrayList<>();
        Property.forAll("collects values", LISTS).seed(seed).tries(tries).failureStore(FailureStore.NONE)
                .check(values::add);
        return values;
    }

    private static PropertyFailure failing(final String name, final long seed) {
        return assertThrows(PropertyFailure.class, () -> Property.forAll(name, LISTS).seed(seed)
                .failureStore(FailureStore.NONE)
                .check(list -> assertTrue(list.size() < 5)));
    }

    @Test
    void theSameSeedGeneratesTheSameValues() {
        List<List<Integer>> first = generated(123, 50);

        assertEquals(50, first.size());
        assertEquals(first, generated(123, 50));
        assertNotEquals(first, generated(124, 50));
    }

    @Test
    void eachTryDependsOnlyOnSeedAndTryIndex() {
        assertEquals(generated(77, 10), generated(77, 30).subList(0, 10));
    }

    @Test
    void theSameSeedGivesTheSameReport() {
        PropertyFailure first = failing("size < 5", 99);
        PropertyFailure second = failing("size < 5", 99);

        assertEquals(first.getMessage(), second.getMessage());
        assertEquals(first.tryNumber(), second.tryNumber());
        assertEquals(5, ((List<?>) first.counterexample()).size());
        assertEquals(List.of(0, 0, 0, 0, 0), first.counterexample());
    }

    @Test
    void sourcesWithTheSameSeedChooseTheSame() {
        Source a = Source.random(5);
        Source b = Source.random(5);
        for (int i = 0; i < 100; i++) {
            assertEquals(a.choose(-3, 1_000_000), b.choose(-3, 1_000_000));
        }
        assertThrows(IllegalArgumentException.class, () -> a.choose(2, 1));
    }

    @Test
    void systemPropertySeedOverridesTheExplicitSeed() {
        List<List<Integer>> expected = generated(4242, 20);
        System.setProperty(Settings.SEED, "4242");
        try {
            assertEquals(expected, generated(1, 20));
            PropertyFailure failure = failing("size < 5 with forced seed", 1);
            assertEquals(4242L, failure.seed().getAsLong());
            assertTrue(failure.getMessage().contains(
                    "re-run: -Dswaplayer.seed=4242 (property \"size < 5 with forced seed\")"),
                    failure.getMessage());
        } finally {
            System.clearProperty(Settings.SEED);
        }
    }

    @Test
    void anEmptySeedPropertyCountsAsUnset() {
        System.setProperty(Settings.SEED, "");
        try {
            assertEquals(generated(8, 5), generated(8, 5));
            assertEquals(8L, failing("size < 5 with empty seed property", 8).seed().getAsLong());
        } finally {
            System.clearProperty(Settings.SEED);
        }
    }

    @Test
    void aMalformedSeedIsAClearError() {
        System.setProperty(Settings.SEED, "abc");
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> generated(1, 1));
            assertTrue(e.getMessage().contains("swaplayer.seed=abc"), e.getMessage());
        } finally {
            System.clearProperty(Settings.SEED);
        }
    }

    @Test
    void withoutAnySeedEachRunPicksAFreshOne() {
        PropertyFailure first = assertThrows(PropertyFailure.class, () -> Property.forAll("fresh seeds", LISTS)
                .failureStore(FailureStore.NONE).check(list -> assertTrue(list.size() < 5)));
        PropertyFailure second = assertThrows(PropertyFailure.class, () -> Property.forAll("fresh seeds", LISTS)
                .failureStore(FailureStore.NONE).check(list -> assertTrue(list.size() < 5)));

        assertNotEquals(first.seed().getAsLong(), second.seed().getAsLong());
    }

    @Test
    void systemPropertyTriesWinsOverExplicitTries() {
        System.setProperty(Settings.TRIES, "7");
        try {
            assertEquals(7, generated(1, 500).size());
            int[] sequences = {0};
            Stateful.of("counts sequences", () -> ++sequences[0], Gens.constant(Action.<Integer>of("noop()", s -> { })))
                    .tries(50).seed(1).failureStore(FailureStore.NONE)
                    .check();
            assertEquals(7, sequences[0]);
        } finally {
            System.clearProperty(Settings.TRIES);
        }
        assertEquals(500, generated(1, 500).size());
        List<Object> defaults = new ArrayList<>();
        Property.forAll("default tries", Gens.booleans()).seed(1).failureStore(FailureStore.NONE).check(defaults::add);
        assertEquals(ForAll.DEFAULT_TRIES, defaults.size());
    }

    @Test
    void maxTriesCapsEveryBudgetButRaisesNone() {
        System.setProperty(Settings.MAX_TRIES, "20");
        try {
            assertEquals(20, generated(1, 500).size(), "a larger budget is cut to the cap");
            assertEquals(8, generated(1, 8).size(), "a smaller one stays as it is");
            List<Object> defaults = new ArrayList<>();
            Property.forAll("default tries", Gens.booleans()).seed(1).failureStore(FailureStore.NONE)
                    .check(defaults::add);
            assertEquals(20, defaults.size());
            System.setProperty(Settings.TRIES, "30");
            assertEquals(20, generated(1, 8).size(), "the override, then the cap");
        } finally {
            System.clearProperty(Settings.MAX_TRIES);
            System.clearProperty(Settings.TRIES);
        }
        System.setProperty(Settings.MAX_TRIES, "-1");
        try {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> generated(1, 8));
            assertEquals("-Dswaplayer.maxTries=-1 is negative", e.getMessage());
        } finally {
            System.clearProperty(Settings.MAX_TRIES);
        }
    }

    @Test
    void statefulTriesAreSequences() {
        int[] sequences = {0};
        Gen<Action<Integer>> noop = Gens.constant(Action.of("noop()", s -> { }));
        Stateful.of("counts initial states", () -> sequences[0]++, noop)
                .tries(13).seed(1).failureStore(FailureStore.NONE)
                .check();
        assertEquals(13, sequences[0]);
    }

    @Test
    void theLastFailingSeedIsReplayedFirstThenForgotten(@TempDir final Path dir) throws Exception {
        FailureStore store = new FailureStore(dir);
        String name = "fails on one value";
        int target = Gens.ints(0, 1_000_000).generate(Source.random(Settings.trySeed(555, 0)));
        Check<Integer> failsOnTarget = x -> assertNotEquals(target, x);

        PropertyFailure first = assertThrows(PropertyFailure.class, () -> Property.forAll(name, Gens.ints(0, 1_000_000))
                .seed(555).tries(1).failureStore(store).check(failsOnTarget));
        assertEquals(555L, first.seed().getAsLong());
        Path file = dir.resolve("fails_on_one_value");
        assertEquals("555", Files.readString(file).trim());

        PropertyFailure replayed = assertThrows(PropertyFailure.class,
                () -> Property.forAll(name, Gens.ints(0, 1_000_000))
                .seed(1).tries(1).failureStore(store).check(failsOnTarget));
        assertEquals(555L, replayed.seed().getAsLong(), "the stored seed runs first");

        Property.forAll(name, Gens.ints(0, 1_000_000)).seed(1).tries(1).failureStore(store).check(x -> { });
        assertFalse(Files.exists(file), "a passing replay forgets the seed");
    }

    @Test
    void failingSeedFileNamesAreSanitised() {
        assertEquals("a_b_c_.d-e", FailureStore.sanitise("a b/c:.d-e"));
        assertEquals("_.hidden", FailureStore.sanitise(".hidden"));
    }
}
