package dev.swaplayer.swap.scenario;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.spec.Checks;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.swap.FolioFallback;
import dev.swaplayer.swap.SwapSpace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The no-data-loss check of the swap path over any allocator provider (a built-in policy or a plug-in): random
 * sequences of swap-outs, partial swap-ins, dups, puts and frees over two fault-injecting areas, each run
 * checked step by step against a plain model, once without a fault and then once per position of one injected
 * fault. The invariants, checked after every action:
 * <ul>
 *   <li>COUNTS: a page is swapped out iff its model count is positive, and then the allocator's swap count
 *       equals the model's;</li>
 *   <li>NO-LEAK: the slots in use over all areas are the pinned ones plus one per page swapped out;</li>
 *   <li>CONSISTENT: every allocator passes the swap space's audit (conservation) and its own public
 *       {@code checkConsistency()} if it has one, after every failure, every 8 steps and at the end;</li>
 *   <li>BYTES: every page swapped in, and at the end every page still swapped out, has the bytes that went
 *       in.</li>
 * </ul>
 * A failed swap-out must leave NO-LEAK and its source intact, and is retried; a failed swap-in must change no
 * count, return nothing partial (its destination zeroed) and succeed when retried; with checksums, a corrupt
 * read must be a {@code SwapIntegrityException} naming the corrupted page and slot. Each run also checks that
 * its planned fault fired.
 *
 * <p>Thread safety: stateless; concurrent checks are independent (but share the plan's file directory: give
 * each its own).
 *
 * <h2>What a run is</h2>
 * Area 0 has 64 slots, area 1 has 32, in clusters of 16 (folio orders 0..4), with priorities and pinned slots
 * (a fragmented device) drawn from the seed; the allocators come from {@link AllocatorProvider#create(int,
 * dev.swaplayer.spec.Geometry)} and are placed under the provider's {@code folioPolicy()}; an allocator that
 * does not implement {@code SwapCounts} gets a {@code SwapCountTable} in front. The actions are drawn from the
 * seed before the run, so a replay follows the clean run exactly up to its fault.
 *
 * <h2>Cost</h2>
 * A seed makes one clean run and about 2.5 replays per step (its I/O positions over both areas, and with
 * checksums its read positions), each about as costly as a clean run, so a check costs about
 * {@code seeds * steps^2}. Measured on a shared 2-core machine with RAM devices, per call of
 * {@code check(provider, 8, steps, null)}: 30 steps, about 620 replays, 0.8 to 2.5 s with {@code buddy} and up
 * to 3.9 s with the kernel models (whose own audits are costly); 60 steps, about 1,250 to 1,550 replays, 3.4 to
 * 9.6 s. A swap file adds its I/O of 4 KiB pages to the seeds that use one.
 */
public final class NoDataLoss {
    private NoDataLoss() {
    }

    /**
     * Returns the device geometries every scenario swaps to: a provider must serve them all (its {@code create}
     * may refuse a geometry with {@link IllegalArgumentException}) for this check to apply to it.
     *
     * @return the swap areas' geometries
     */
    public static List<Geometry> geometries() {
        return Scenario.geometries();
    }

    /**
     * The full check ({@link Plan#of}): seeds 1..{@code seeds}, checksums on the even ones, a failing I/O at
     * every position and (in the even seeds) a corrupt read at every read position.
     *
     * @param provider the allocator provider under test
     * @param seeds how many seeds, at least 1
     * @param steps actions per run, at least 1 (30 finds the failure paths; the cost grows with its square)
     * @param fileDirOrNull a directory for the swap files of the seeds {@code seed % 4 == 1}, or null for RAM
     *     devices only
     * @return the report; an allocator defect is a failure in it, never an exception
     * @throws IllegalArgumentException for a null provider, or fewer than one seed or step
     */
    public static Report check(final AllocatorProvider provider, final int seeds, final int steps,
            final Path fileDirOrNull) {
        return check(provider, Plan.of(seeds, steps, fileDirOrNull));
    }

    /**
     * Runs a plan: per seed a clean run, then the replays it asks for. A run that fails (a broken invariant, or
     * an {@link AssertionError} or {@link RuntimeException} thrown by the allocator, the swap path or a device)
     * is counted and the check goes on; a seed whose clean run fails has no replays (their positions are
     * unknown). Other errors ({@link OutOfMemoryError}, {@link StackOverflowError}, a plug-in's
     * {@link LinkageError}) are not allocator verdicts and propagate.
     *
     * @param provider the allocator provider under test
     * @param plan the runs
     * @return the report
     * @throws IllegalArgumentException for a null provider or plan
     */
    public static Report check(final AllocatorProvider provider, final Plan plan) {
        if (provider == null) {
            throw Checks.badArgument("provider", null, "an AllocatorProvider");
        }
        if (plan == null) {
            throw Checks.badArgument("plan", null, "a Plan");
        }
        final String name = nameOf(provider);
        final FolioFallback policy;
        try {
            policy = FolioFallback.of(provider.folioPolicy());
        } catch (final RuntimeException e) { // a plug-in's defect: every run fails the same way
            return failedAtOnce(name, plan, e);
        }
        return new Tally(name, policy, provider, plan, null).run();
    }

    /**
     * Re-runs the seed of a failure with only some of its actions, and returns the first run that fails the same way
     * ({@link Failure#what}): the clean run, then (when the failure was a replay) one replay per position of its
     * fault in every area. For shrinking a failure to the actions it needs: a seed's actions are drawn from
     * {@code java.util.Random}, so a shorter script is a sublist of them, interpreted against the state it meets
     * (a pick names a live folio modulo their number). Priorities, pinned slots and corrupt reads stay those of
     * the seed.
     *
     * @param provider the provider the failure came from
     * @param plan the plan it came from
     * @param failure one of its failures, with a seed of the plan
     * @param actions indices into the seed's {@code plan.steps()} actions, in increasing order; empty runs nothing
     * @return the first failure of the same kind, its message naming the actions kept; or null when none failed so
     *     (a passing sublist, an empty one, or a failure of another kind)
     * @throws IllegalArgumentException for a null argument, a seed outside the plan, or an index out of order or
     *     outside {@code 0..plan.steps() - 1}
     */
    public static Failure rerun(final AllocatorProvider provider, final Plan plan, final Failure failure,
            final List<Integer> actions) {
        if (provider == null || plan == null || failure == null || actions == null) {
            throw Checks.badArgument(provider == null ? "provider" : plan == null ? "plan" : failure == null
                    ? "failure" : "actions", null, "a value");
        }
        if (failure.seed() < plan.firstSeed() || failure.seed() >= plan.firstSeed() + plan.seeds()) {
            throw Checks.badArgument("failure", failure.seed(), "a failure of a seed of " + plan);
        }
        final List<Script.Action> all = Script.fromSeed(failure.seed(), plan.steps()).actions();
        final List<Script.Action> kept = new ArrayList<>(actions.size());
        for (int i = 0; i < actions.size(); i++) {
            final int index = actions.get(i);
            if (index < 0 || index >= all.size() || (i > 0 && index <= actions.get(i - 1))) {
                throw Checks.badArgument("actions", actions, "increasing indices in 0.." + (all.size() - 1));
            }
            kept.add(all.get(index));
        }
        if (kept.isEmpty()) {
            return null;
        }
        final Script seed = Script.fromSeed(failure.seed(), 1);
        final Script script = new Script(kept, seed.priorities(), seed.strides(), seed.corruptSeed());
        final Plan one = new Plan(failure.seed(), 1, kept.size(), plan.fileDir(), plan.integrity(),
                failure.fault() == null ? Set.of() : EnumSet.of(failure.fault()));
        final FolioFallback policy;
        try {
            policy = FolioFallback.of(provider.folioPolicy());
        } catch (final RuntimeException e) {
            return null; // failedAtOnce: nothing of the script to shrink
        }
        return new Tally(nameOf(provider), policy, provider, one, script, Scenario.seedOrigin(failure.seed()) + " with "
                + kept.size() + " of its " + all.size() + " actions " + actions, failure.what()).run().firstFailure();
    }

    /**
     * Runs a plan over the buddy allocator of {@link SwapSpace#builder(FolioFallback)} under any placement policy,
     * {@link FolioFallback#CONTIGUOUS} included (which no provider's {@code folioPolicy()} names).
     *
     * @param policy the placement policy
     * @param plan the runs
     * @return the report, of provider {@code "buddy " + policy}
     * @throws IllegalArgumentException for a null policy or plan
     */
    public static Report check(final FolioFallback policy, final Plan plan) {
        if (policy == null) {
            throw Checks.badArgument("policy", null, "one of " + Arrays.toString(FolioFallback.values()));
        }
        if (plan == null) {
            throw Checks.badArgument("plan", null, "a Plan");
        }
        return new Tally("buddy " + policy, policy, null, plan, null).run();
    }

    /**
     * Runs one script over the buddy allocator of {@link SwapSpace#builder(FolioFallback)}: a clean run, then a
     * replay per position of each fault asked for (corrupt reads only as the plan of seed 1 with that integrity
     * replays them: with checksums on, or off as the planted defect). For a property that draws scripts itself
     * and shrinks them; the report's plan is that of seed 1, which only names the run.
     *
     * @param policy the placement policy
     * @param script the actions, priorities, pins and corrupt reads of every run
     * @param integrity whether checksums are on
     * @param fileDirOrNull a directory for a swap file as area 0, or null for RAM devices only
     * @param faults the kinds of fault to replay at every position; empty for the clean run only
     * @return the report, of provider {@code "buddy " + policy}
     * @throws IllegalArgumentException for a null policy, script or fault set, or a script without actions
     */
    static Report check(final FolioFallback policy, final Script script, final boolean integrity,
            final Path fileDirOrNull, final Set<Fault> faults) {
        if (policy == null) {
            throw Checks.badArgument("policy", null, "one of " + Arrays.toString(FolioFallback.values()));
        }
        if (script == null) {
            throw Checks.badArgument("script", null, "a Script");
        }
        final Plan plan = new Plan(1, 1, script.actions().size(), fileDirOrNull, integrity ? Plan.Integrity.ON
                : Plan.Integrity.OFF, faults);
        return new Tally("buddy " + policy, policy, null, plan, script).run();
    }

    /** The report of a provider that cannot say its folio policy: one failed run, no replay. */
    private static Report failedAtOnce(final String name, final Plan plan, final RuntimeException e) {
        final String message = name + ": folioPolicy() threw " + e;
        return new Report(name, plan, 1, 0, 1, Coverage.NONE, new Failure(plan.firstSeed(), plan.integrity(
                plan.firstSeed()), plan.fileBacked(plan.firstSeed()), null, -1, 0, message, List.of(), e), 0);
    }

    /**
     * A failed run's message: a run's own failure as it said it ({@link Scenario#run} names what its allocator
     * threw, and where); anything thrown before the run started as itself, with the plug-in's line.
     */
    private static String describe(final Throwable e, final AllocatorProvider provider) {
        return e instanceof AssertionError ? String.valueOf(e.getMessage()) : Scenario.thrown(e, provider);
    }

    /** A plug-in's name, or what it threw instead: a provider's defect is reported by its runs, not here. */
    private static String nameOf(final AllocatorProvider provider) {
        try {
            return provider.name();
        } catch (final RuntimeException e) {
            return provider.getClass().getName() + " (name() threw " + e + ")";
        }
    }

    /**
     * Runs and counts the plan's runs.
     *
     * <p>Thread safety: not thread-safe; one check.
     */
    private static final class Tally {
        private final String name;
        private final FolioFallback policy;
        /** Null for the buddy allocator of {@link SwapSpace#builder(FolioFallback)}. */
        private final AllocatorProvider provider;
        private final Plan plan;
        /** The script of every run, or null for the script of each seed ({@link Script#fromSeed}). */
        private final Script fixed;
        /** How the runs of {@link #fixed} are named. */
        private final String origin;
        /** The {@link Failure#what} a re-run looks for: it stops at the first such failure; null for any. */
        private final String wanted;
        private int cleanRuns;
        private int replays;
        private int failedRuns;
        private Coverage coverage = Coverage.NONE;
        private Failure first;

        Tally(final String name, final FolioFallback policy, final AllocatorProvider provider, final Plan plan,
                final Script fixed) {
            this(name, policy, provider, plan, fixed, "a generated script", null);
        }

        Tally(final String name, final FolioFallback policy, final AllocatorProvider provider, final Plan plan,
                final Script fixed, final String origin, final String wanted) {
            this.name = name;
            this.policy = policy;
            this.provider = provider;
            this.plan = plan;
            this.fixed = fixed;
            this.origin = origin;
            this.wanted = wanted;
        }

        Report run() {
            final long start = System.nanoTime();
            for (long seed = plan.firstSeed(); seed < plan.firstSeed() + plan.seeds() && !found(); seed++) {
                final Scenario clean = runOnce(seed, null, -1, 0);
                cleanRuns++;
                if (clean == null) {
                    continue;
                }
                if (plan.faults().contains(Fault.FAIL_IO)) {
                    replayEveryPosition(seed, Fault.FAIL_IO, clean.ioAttempts());
                }
                if (plan.corruptReads(seed)) {
                    replayEveryPosition(seed, Fault.CORRUPT_READ, clean.readAttempts());
                }
            }
            return new Report(name, plan, cleanRuns, replays, failedRuns, coverage, first,
                    (System.nanoTime() - start) / 1e9);
        }

        private void replayEveryPosition(final long seed, final Fault fault, final long[] attempts) {
            for (int area = 0; area < attempts.length; area++) {
                for (long k = 1; k <= attempts[area] && !found(); k++) {
                    runOnce(seed, fault, area, k);
                    replays++;
                }
            }
        }

        /** @return the scenario after a run that passed, or null after one that failed */
        private Scenario runOnce(final long seed, final Fault fault, final int area, final long position) {
            Scenario s = null;
            try {
                s = fixed != null
                        ? new Scenario(origin, fixed, policy, provider, plan.integrity(seed),
                                plan.fileBacked(seed) ? plan.fileDir() : null)
                        : new Scenario(Scenario.seedOrigin(seed), Script.fromSeed(seed, plan.steps()), policy, provider,
                                plan.integrity(seed), plan.fileBacked(seed) ? plan.fileDir() : null);
                s.run(fault == null ? Fault.FAIL_IO : fault, area, position);
                coverage = coverage.plus(s.coverage());
                return s;
            } catch (final AssertionError | RuntimeException e) {
                failedRuns++;
                final Failure f = new Failure(seed, plan.integrity(seed), plan.fileBacked(seed), fault, area, position,
                        describe(e, provider), s == null ? List.of() : s.log(), e);
                if (first == null && (wanted == null || wanted.equals(f.what()))) {
                    first = f;
                }
                return null;
            }
        }

        /** Whether a re-run found the failure it looks for. */
        private boolean found() {
            return wanted != null && first != null;
        }
    }
}
