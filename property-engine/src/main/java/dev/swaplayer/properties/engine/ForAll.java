package dev.swaplayer.properties.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Not thread-safe; a value property being configured and checked from one thread (create one
 * per test with {@link Property#forAll} or {@link Property#exhaustive}).
 *
 * <p>Random mode runs {@link #tries} test cases, each derived from (seed, try index); on failure
 * it shrinks the case and throws a {@link PropertyFailure} whose message names the seed to
 * re-run with {@code -Dswaplayer.seed=...}. The seed of a failure is remembered under
 * {@code target/swaplayer-failing-seeds/} and replayed first on the next run. Quiet on success.
 *
 * @param <T> the type of values
 */
public final class ForAll<T> {

    /** Default number of tries in random mode. */
    public static final int DEFAULT_TRIES = 1000;

    private final String name;
    private final Gen<T> gen;
    private final Iterable<T> domain;
    private int tries = DEFAULT_TRIES;
    private Long seed;
    private List<String> required = List.of();
    private Duration shrinkTimeout = Stateful.DEFAULT_SHRINK_TIMEOUT;
    private int shrinkAttempts = Stateful.DEFAULT_SHRINK_ATTEMPTS;
    private FailureStore store = FailureStore.DEFAULT;
    private Map<String, Integer> statistics = Map.of();

    ForAll(final String name, final Gen<T> gen, final Iterable<T> domain) {
        this.name = name;
        this.gen = gen;
        this.domain = domain;
    }

    /**
     * Sets the number of tries (default {@value #DEFAULT_TRIES}); {@code -Dswaplayer.tries}, when
     * set, wins. Ignored in exhaustive mode.
     *
     * @param tries the number of test cases, non-negative
     * @return this property
     */
    public ForAll<T> tries(final int tries) {
        Settings.requireNonNegative(tries, "tries");
        this.tries = tries;
        return this;
    }

    /**
     * Fixes the seed (default: fresh per run); {@code -Dswaplayer.seed}, when set, wins. Ignored
     * in exhaustive mode.
     *
     * @param seed the seed
     * @return this property
     */
    public ForAll<T> seed(final long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Requires each label to be {@linkplain Coverage#label recorded} in at least one try.
     *
     * @param labels the required labels
     * @return this property
     */
    public ForAll<T> requireCoverage(final String... labels) {
        this.required = List.of(labels);
        return this;
    }

    /**
     * Bounds the wall time spent shrinking a failure (default 10 s).
     *
     * @param timeout the bound
     * @return this property
     */
    public ForAll<T> shrinkTimeout(final Duration timeout) {
        this.shrinkTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /**
     * Bounds the number of test cases run while shrinking (default 10 000).
     *
     * @param attempts the bound, non-negative
     * @return this property
     */
    public ForAll<T> shrinkAttempts(final int attempts) {
        Settings.requireNonNegative(attempts, "attempts");
        this.shrinkAttempts = attempts;
        return this;
    }

    /** Sets where failing seeds are remembered (tests of the engine use a temporary one). */
    ForAll<T> failureStore(final FailureStore store) {
        this.store = Objects.requireNonNull(store, "store");
        return this;
    }

    /**
     * Checks the property.
     *
     * @param property the property body; throwing means the value is a counterexample
     * @throws PropertyFailure (an {@link AssertionError}) with the report when it fails
     */
    public void check(final Check<T> property) {
        Objects.requireNonNull(property, "property");
        if (domain != null) {
            statistics = Exhaustive.check(name, domain, property, required);
        } else {
            statistics = new Runner(name, new ValueTrial<>(gen, property), Settings.tries(tries), seed,
                    required, shrinkTimeout, shrinkAttempts, store).run();
        }
    }

    /**
     * Returns, for the last successful {@link #check}, each coverage label with the number of
     * tries in which it occurred.
     *
     * @return the label counts, sorted by label
     */
    public Map<String, Integer> statistics() {
        return statistics;
    }
}
