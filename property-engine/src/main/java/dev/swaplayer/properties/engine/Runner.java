package dev.swaplayer.properties.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Not thread-safe; runs one random-mode property: picks the seed, replays the last failing seed
 * first, runs the tries, shrinks and reports a failure, and checks required coverage.
 */
final class Runner {

    private final String name;
    private final Trial trial;
    private final int tries;
    private final Long explicitSeed;
    private final List<String> required;
    private final Duration shrinkTimeout;
    private final int shrinkAttempts;
    private final FailureStore store;

    Runner(final String name, final Trial trial, final int tries, final Long explicitSeed, final List<String> required,
            final Duration shrinkTimeout, final int shrinkAttempts, final FailureStore store) {
        this.name = name;
        this.trial = trial;
        this.tries = tries;
        this.explicitSeed = explicitSeed;
        this.required = List.copyOf(required);
        this.shrinkTimeout = shrinkTimeout;
        this.shrinkAttempts = shrinkAttempts;
        this.store = store;
    }

    /** Runs the property; returns the coverage counts of the (last) passing run. */
    Map<String, Integer> run() {
        OptionalLong forced = Settings.seedOverride();
        if (forced.isPresent()) {
            return runSeed(forced.getAsLong());
        }
        long seed = explicitSeed != null ? explicitSeed : Settings.freshSeed();
        OptionalLong stored = store.load(name);
        if (stored.isPresent() && stored.getAsLong() != seed) {
            runSeed(stored.getAsLong());
            store.delete(name);
        }
        Map<String, Integer> counts = runSeed(seed);
        if (stored.isPresent()) {
            store.delete(name);
        }
        return counts;
    }

    private Map<String, Integer> runSeed(final long seed) {
        CoverageRecorder coverage = new CoverageRecorder();
        int discarded = 0;
        for (int i = 0; i < tries; i++) {
            Source source = Source.random(Settings.trySeed(seed, i));
            coverage.startTry();
            Outcome outcome = Coverage.during(coverage, () -> trial.run(source));
            coverage.endTry();
            switch (outcome.status()) {
                case PASSED -> { }
                case DISCARDED -> discarded++;
                case INVALID -> {
                    store.save(name, seed);
                    throw Report.invalid(name, seed, i + 1, outcome.failure());
                }
                default -> {
                    store.save(name, seed);
                    Shrinker shrinker = new Shrinker(trial, outcome, shrinkTimeout, shrinkAttempts);
                    Outcome shrunk = shrinker.shrink();
                    throw Report.shrunk(name, seed, i + 1, tries, trial.unit(), outcome, shrunk, shrinker,
                            coverage.counts());
                }
            }
        }
        if (tries > 0 && discarded == tries) {
            store.save(name, seed);
            throw Report.allDiscarded(name, seed, tries);
        }
        List<String> missing = coverage.missing(required);
        if (!missing.isEmpty()) {
            store.save(name, seed);
            throw Report.coverage(name, seed, tries, missing, coverage.counts());
        }
        return coverage.counts();
    }
}
