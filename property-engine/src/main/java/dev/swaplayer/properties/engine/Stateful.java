package dev.swaplayer.properties.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Not thread-safe; a stateful property (random action sequences against a fresh state) being
 * configured and checked from one thread.
 *
 * <p>Each try builds a fresh state, checks the invariants, then draws a sequence length
 * {@code 0..steps} and runs that many actions (an action whose precondition is false is
 * skipped and not counted), checking the invariants after every step. A failing sequence is
 * shrunk (whole actions dropped, then arguments simplified) to a minimal counterexample, listed
 * step by step in the {@link PropertyFailure} thrown, with the seed to re-run it.
 *
 * <pre>{@code
 * Stateful.of("allocator matches model", Model::new, Gens.<Action<Model>>weighted()
 *                 .add(3, Gens.constant(new Alloc()))
 *                 .add(2, Gens.ints(0, 63).map(Free::new))
 *                 .build())
 *         .invariant("free count", m -> assertEquals(m.modelFree(), m.allocator().free()))
 *         .requireCoverage("device full")
 *         .check();
 * }</pre>
 *
 * @param <S> the type of the state (system under test plus model)
 */
public final class Stateful<S> {

    /** Default maximum number of actions per sequence. */
    public static final int DEFAULT_STEPS = 100;
    /** Default number of tries (sequences). */
    public static final int DEFAULT_TRIES = 200;
    /** Default bound on the wall time spent shrinking. */
    public static final Duration DEFAULT_SHRINK_TIMEOUT = Duration.ofSeconds(10);
    /** Default bound on the number of test cases run while shrinking. */
    public static final int DEFAULT_SHRINK_ATTEMPTS = 10_000;

    private final String name;
    private final Supplier<S> initialState;
    private final Gen<? extends Action<S>> actions;
    private final List<SequenceTrial.Invariant<S>> invariants = new ArrayList<>();
    private int steps = DEFAULT_STEPS;
    private int tries = DEFAULT_TRIES;
    private Long seed;
    private List<String> required = List.of();
    private Duration shrinkTimeout = DEFAULT_SHRINK_TIMEOUT;
    private int shrinkAttempts = DEFAULT_SHRINK_ATTEMPTS;
    private FailureStore store = FailureStore.DEFAULT;
    private Map<String, Integer> statistics = Map.of();

    private Stateful(final String name, final Supplier<S> initialState, final Gen<? extends Action<S>> actions) {
        this.name = name;
        this.initialState = initialState;
        this.actions = actions;
    }

    /**
     * Creates a stateful property.
     *
     * @param name the property's name, used in reports and to remember its failing seed
     * @param initialState makes a fresh state for every sequence
     * @param actions the generator of actions (drawn independently of the state)
     * @param <S> the state type
     * @return the property, to configure and {@link #check}
     */
    public static <S> Stateful<S> of(final String name, final Supplier<S> initialState,
            final Gen<? extends Action<S>> actions) {
        return new Stateful<>(Objects.requireNonNull(name, "name"),
                Objects.requireNonNull(initialState, "initialState"),
                Objects.requireNonNull(actions, "actions"));
    }

    /**
     * Sets the maximum number of actions per sequence (default {@value #DEFAULT_STEPS}); each
     * sequence's length is drawn from {@code 0..maxSteps}.
     *
     * @param maxSteps the maximum, non-negative
     * @return this property
     */
    public Stateful<S> steps(final int maxSteps) {
        Settings.requireNonNegative(maxSteps, "maxSteps");
        this.steps = maxSteps;
        return this;
    }

    /**
     * Sets the number of sequences (default {@value #DEFAULT_TRIES}); {@code -Dswaplayer.tries},
     * when set, wins.
     *
     * @param tries the number of sequences, non-negative
     * @return this property
     */
    public Stateful<S> tries(final int tries) {
        Settings.requireNonNegative(tries, "tries");
        this.tries = tries;
        return this;
    }

    /**
     * Fixes the seed (default: fresh per run); {@code -Dswaplayer.seed}, when set, wins.
     *
     * @param seed the seed
     * @return this property
     */
    public Stateful<S> seed(final long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Adds an invariant checked on the initial state and after every step; a throw fails the
     * property and the report names {@code label}.
     *
     * @param label the invariant's name
     * @param check asserts the invariant
     * @return this property
     */
    public Stateful<S> invariant(final String label, final Consumer<S> check) {
        invariants.add(new SequenceTrial.Invariant<>(Objects.requireNonNull(label, "label"),
                Objects.requireNonNull(check, "check")));
        return this;
    }

    /**
     * Requires each label to be {@linkplain Coverage#label recorded} in at least one sequence.
     *
     * @param labels the required labels
     * @return this property
     */
    public Stateful<S> requireCoverage(final String... labels) {
        this.required = List.of(labels);
        return this;
    }

    /**
     * Bounds the wall time spent shrinking a failure (default 10 s).
     *
     * @param d the bound
     * @return this property
     */
    public Stateful<S> shrinkTimeout(final Duration d) {
        this.shrinkTimeout = Objects.requireNonNull(d, "d");
        return this;
    }

    /**
     * Bounds the number of sequences run while shrinking (default 10 000).
     *
     * @param attempts the bound, non-negative
     * @return this property
     */
    public Stateful<S> shrinkAttempts(final int attempts) {
        Settings.requireNonNegative(attempts, "attempts");
        this.shrinkAttempts = attempts;
        return this;
    }

    /**
     * Says whether a failing seed is remembered under {@code target/swaplayer-failing-seeds} and replayed
     * first next time (default: yes). A tool that checks someone else's code in their working directory,
     * such as {@code ./swaplayer verify}, turns it off.
     *
     * @param remember whether to remember
     * @return this property
     */
    public Stateful<S> rememberFailures(final boolean remember) {
        this.store = remember ? FailureStore.DEFAULT : FailureStore.NONE;
        return this;
    }

    /** Sets where failing seeds are remembered (tests of the engine use a temporary one). */
    Stateful<S> failureStore(final FailureStore store) {
        this.store = Objects.requireNonNull(store, "store");
        return this;
    }

    /**
     * Checks the property.
     *
     * @throws PropertyFailure (an {@link AssertionError}) with the report when it fails
     */
    public void check() {
        SequenceTrial<S> trial = new SequenceTrial<>(initialState, actions, List.copyOf(invariants), steps);
        statistics = new Runner(name, trial, Settings.tries(tries), seed, required, shrinkTimeout,
                shrinkAttempts, store).run();
    }

    /**
     * Returns, for the last successful {@link #check}, each coverage label with the number of
     * sequences in which it occurred.
     *
     * @return the label counts, sorted by label
     */
    public Map<String, Integer> statistics() {
        return statistics;
    }
}
