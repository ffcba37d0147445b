package dev.swaplayer.verify;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.FolioAllocator;
import dev.swaplayer.allocator.FolioPolicy;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.spec.Geometry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Verifies one allocation policy: the engine behind {@code ./swaplayer verify}, and what a user's own JUnit
 * test calls through the testkit.
 *
 * <p>Thread safety: one {@link #run} at a time per instance; each check runs on a daemon thread of its own,
 * so that an allocator that hangs costs its check, not the run.
 *
 * <p>The checks, in order:
 * <ol>
 *   <li>{@code properties}: random operation sequences against the policy-agnostic specification, shrunk on
 *       failure ({@link StatefulCheck});</li>
 *   <li>{@code completeness}: NONE only when no legal run is free; reported, required only on request;</li>
 *   <li>{@code exhaustive}: every short sequence on small devices ({@link ExhaustiveCheck});</li>
 *   <li>{@code stress} and {@code linearizability}: only for a provider that says it is thread-safe;</li>
 *   <li>{@code swap-path}: folios written and read back through the real swap path over a faulty device.</li>
 * </ol>
 * A run may repeat the two racy checks ({@link #RACY}) up to {@link Options#repeat} times each, stopping at the
 * first failure; the others draw everything from the seed, so a second run could only repeat the first.
 * The fragmentation table that {@code ./swaplayer verify} prints beside them is the command's, not a check: it
 * runs the simulator, which the engine (and the test kit over it) does not depend on.
 * An exception thrown by the allocator under test fails the check it happened in, with its counterexample.
 */
public final class Verifier {
    /** How often a running check is looked at for a deadlock among the JVM's threads: 1 s. */
    private static final long DEADLOCK_POLL_NS = TimeUnit.SECONDS.toNanos(1);

    private final Options options;

    /** The checks, in the order they run: the names a run may be limited to. */
    public static final List<String> CHECKS = List.of("properties", "completeness", "exhaustive", "stress",
            "linearizability", "swap-path");
    /**
     * The checks whose outcome depends on how the threads interleave, and so the ones {@link Options#repeat} runs
     * again; every other check repeats its run exactly from the seed.
     */
    public static final Set<String> RACY = Set.of("stress", "linearizability");
    /** The most runs {@link Options#repeat} may ask for. */
    public static final int MAX_REPEAT = 100_000;

    /**
     * What to run.
     *
     * @param registry where the policy is registered (the stress run looks it up)
     * @param policy the policy's name
     * @param depth how deep
     * @param seed the seed of every random check
     * @param requireComplete whether completeness is part of the verdict
     * @param rerun the command that repeats one check of the run exactly, given the check's name (printed beside
     *     its failure); each check draws from the seed on its own, so one check run alone repeats its run
     * @param checks the checks to run, a subset of {@link #CHECKS}; empty for all of them
     * @param repeat how many times each of the {@link #RACY} checks runs at most, from the same seed, stopping at
     *     its first failure: a race that shows once in a few runs shows within one command (1: once)
     */
    public record Options(PolicyRegistry registry, String policy, Depth depth, long seed, boolean requireComplete,
            UnaryOperator<String> rerun, Set<String> checks, int repeat) {
        /**
         * Checks the names of the checks and the number of runs.
         *
         * @throws IllegalArgumentException for a name not in {@link #CHECKS}, or a repeat outside 1..{@link
         *     #MAX_REPEAT}
         */
        public Options {
            checks = Set.copyOf(checks);
            for (final String c : checks) {
                if (!CHECKS.contains(c)) {
                    throw new IllegalArgumentException("checks: " + c + " (expected: any of "
                            + String.join(", ", CHECKS) + ")");
                }
            }
            if (repeat < 1 || repeat > MAX_REPEAT) {
                throw new IllegalArgumentException("repeat: " + repeat + " (expected: 1.." + MAX_REPEAT + ")");
            }
        }

        /**
         * The selected checks, each run once.
         *
         * @param registry where the policy is registered
         * @param policy the policy's name
         * @param depth how deep
         * @param seed the seed of every random check
         * @param requireComplete whether completeness is part of the verdict
         * @param rerun the command that repeats one check of the run, given the check's name
         * @param checks the checks to run; empty for all of them
         */
        public Options(final PolicyRegistry registry, final String policy, final Depth depth, final long seed,
                final boolean requireComplete, final UnaryOperator<String> rerun, final Set<String> checks) {
            this(registry, policy, depth, seed, requireComplete, rerun, checks, 1);
        }

        /**
         * Every check, each failure re-run by the same command.
         *
         * @param registry where the policy is registered
         * @param policy the policy's name
         * @param depth how deep
         * @param seed the seed of every random check
         * @param requireComplete whether completeness is part of the verdict
         * @param rerun the command that repeats the run
         */
        public Options(final PolicyRegistry registry, final String policy, final Depth depth, final long seed,
                final boolean requireComplete, final String rerun) {
            this(registry, policy, depth, seed, requireComplete, check -> rerun, Set.of(), 1);
        }

        /** Returns the policy's provider. */
        public AllocatorProvider provider() {
            return registry.provider(policy);
        }

        /** Returns whether the run includes the check. */
        public boolean selected(final String check) {
            return checks.isEmpty() || checks.contains(check);
        }
    }

    /** @param options what to run */
    public Verifier(final Options options) {
        this.options = options;
    }

    /**
     * Builds one device with the provider, as every check will: a provider that cannot even do that, or that
     * says {@code COMPOUND} for an allocator without the folio calls, is a usage error, not a failed check.
     *
     * @param provider the provider
     * @throws IllegalArgumentException naming the provider and what it threw
     */
    public static void probe(final AllocatorProvider provider) {
        final List<String> refused = new ArrayList<>();
        for (final Geometries.Device d : Geometries.stateful()) {
            final Geometry g = d.geometry();
            final SlotAllocator a;
            final FolioPolicy folios;
            try {
                a = Target.createIfServed(provider, d.type(), g, refused);
                folios = a == null ? null : provider.folioPolicy();
            } catch (RuntimeException | LinkageError e) {
                throw new IllegalArgumentException("--policy: " + provider.name() + " (expected: a provider that "
                        + "builds an allocator for " + g + "; its create " + (e instanceof Target.NullAllocator
                        ? "returned null" : "threw " + StatefulCheck.located(e, provider)) + ")");
            }
            if (folios == FolioPolicy.COMPOUND && !(a instanceof FolioAllocator)) { // as simulate refuses it
                throw new IllegalArgumentException("--policy: " + provider.name() + " (expected: a provider that"
                        + " builds an allocator; folio policy COMPOUND but " + a.getClass().getName() + " is no "
                        + "FolioAllocator: the swap path places a folio that finds no run through allocateFolio)");
            }
            if (a != null) {
                return;
            }
        }
        throw new IllegalArgumentException("--policy: " + provider.name() + " (expected: a provider that builds an "
                + "allocator for at least one of the devices verify uses; it refused every one: "
                + String.join("; ", refused) + ")");
    }

    /**
     * Runs the checks the options select, in the order of {@link #CHECKS}; the others are reported skipped.
     *
     * @param progress told of each check as it ends
     * @return the verdict
     */
    public Verdict run(final Consumer<CheckResult> progress) {
        final long start = System.nanoTime();
        final List<CheckResult> results = new ArrayList<>();
        final ExecutorService pool = Executors.newCachedThreadPool(r -> {
            final Thread t = new Thread(r, "verify-check");
            t.setDaemon(true);
            return t;
        });
        final Hang hang = new Hang();
        try {
            for (final String name : CHECKS) {
                add(results, progress, check(pool, hang, name));
            }
            // A check that did not finish fails the verdict even where its failure alone would not (completeness):
            // the checks after it did not run.
            return new Verdict(options.policy(), passed(results) && hang.check == null, results, hang.check,
                    StatefulCheck.seconds(start));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs one check, or says why it is skipped. */
    private CheckResult check(final ExecutorService pool, final Hang hang, final String name) {
        if (!options.selected(name)) {
            return CheckResult.skipped(name, "not selected: the run was limited to " + String.join(", ",
                    CHECKS.stream().filter(options.checks()::contains).toList()));
        }
        if ((name.equals("stress") || name.equals("linearizability")) && !options.provider().threadSafe()) {
            return CheckResult.skipped(name, "the provider does not say it is thread-safe"
                    + " (AllocatorProvider.threadSafe())");
        }
        final Target target = new Target(options.registry(), options.policy(), options.provider(), options.depth(),
                options.seed(), options.rerun().apply(name));
        final Callable<CheckResult> body = switch (name) {
            case "properties" -> () -> new StatefulCheck(target, false).run();
            case "completeness" -> () -> new StatefulCheck(target, true).run();
            case "exhaustive" -> () -> new ExhaustiveCheck(target).run();
            case "stress" -> () -> new StressCheck(target).run();
            case "linearizability" -> () -> new LinearizabilityCheck(target).run();
            case "swap-path" -> () -> new SwapPathCheck(target).run();
            default -> throw new IllegalArgumentException("check: " + name + " (expected: one of " + CHECKS + ")");
        };
        return RACY.contains(name) && options.repeat() > 1 ? repeated(pool, hang, name, target.rerun(), body)
                : timed(pool, hang, name, target.rerun(), body);
    }

    /**
     * Runs a racy check up to {@link Options#repeat} times, each run within its own time limit, and stops at the
     * first that fails or hangs: its result, with the run's number, is the check's.
     */
    private CheckResult repeated(final ExecutorService pool, final Hang hang, final String name, final String rerun,
            final Callable<CheckResult> body) {
        double seconds = 0;
        CheckResult last = null;
        for (int run = 1; run <= options.repeat(); run++) {
            last = timed(pool, hang, name, rerun, body);
            seconds += last.seconds();
            if (last.failed()) {
                return new CheckResult(name, CheckResult.Result.FAIL, seconds, last.counterexample(), "failed on run "
                        + run + " of up to " + options.repeat() + " (--repeat " + options.repeat() + ", from the same"
                        + " seed): " + last.message(), last.rerun(), last.incomplete());
            }
        }
        return CheckResult.pass(name, seconds, options.repeat() + " runs passed, each: " + last.message());
    }

    private boolean passed(final List<CheckResult> results) {
        for (final CheckResult r : results) {
            if (r.failsVerdict(options.requireComplete())) {
                return false;
            }
        }
        return true;
    }

    private static void add(final List<CheckResult> results, final Consumer<CheckResult> progress,
            final CheckResult r) {
        results.add(r);
        progress.accept(r);
    }

    /**
     * Runs one check on its own thread, within the depth's time limit, and looks at it every second for threads
     * that deadlocked while it ran ({@link Deadlocks}), which fail it at once. After a check that did not finish, the
     * allocator is still busy on that thread (a spinning thread does not stop when interrupted), so the checks
     * after it are not run: each would wait out the limit too.
     */
    private CheckResult timed(final ExecutorService pool, final Hang hang, final String name, final String rerun,
            final Callable<CheckResult> check) {
        if (hang.check != null) {
            return CheckResult.skipped(name, "not run: the allocator did not return in the " + hang.check + " check");
        }
        final long start = System.nanoTime();
        final AtomicReference<Thread> runner = new AtomicReference<>();
        final Future<CheckResult> f = pool.submit(() -> {
            runner.set(Thread.currentThread());
            return check.call();
        });
        try {
            return await(f, name, start, runner, hang, rerun);
        } catch (ExecutionException e) {
            final boolean theirs = PolicyRegistry.userFrame(e.getCause(), options.provider()) != null;
            return CheckResult.fail(name, StatefulCheck.seconds(start), null, "the check stopped: " + (theirs
                    ? "the allocator threw " + StatefulCheck.located(e.getCause(), options.provider())
                    : e.getCause() + ", with no frame of the allocator's own code on its stack: swaplayer's own"
                    + " error, its installation's, or a stack the JVM left out (-XX:-OmitStackTraceInFastThrow keeps"
                    + " it)"), rerun);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.fail(name, StatefulCheck.seconds(start), null, "interrupted", rerun);
        }
    }

    /**
     * Waits for a check's result, looking every second for threads that deadlocked since it began; a deadlock, or
     * the depth's time limit, fails the check and marks the run hung.
     */
    private CheckResult await(final Future<CheckResult> f, final String name, final long start,
            final AtomicReference<Thread> runner, final Hang hang, final String rerun)
            throws ExecutionException, InterruptedException {
        try {
            return awaitWithinLimit(f, start, runner);
        } catch (Unfinished e) {
            hang.check = name;
            return CheckResult.fail(name, StatefulCheck.seconds(start), null, e.getMessage(), rerun);
        }
    }

    /**
     * Waits for work on the allocator, looking every second for threads that deadlocked since it began; throws
     * {@link Unfinished} (and cancels the work) on a deadlock or past the depth's time limit for one check.
     */
    private <T> T awaitWithinLimit(final Future<T> f, final long start, final AtomicReference<Thread> runner)
            throws ExecutionException, InterruptedException, Unfinished {
        final Deadlocks deadlocks = Deadlocks.baseline();
        final long deadline = start + TimeUnit.SECONDS.toNanos(options.depth().secondsPerCheck());
        while (true) {
            try {
                return f.get(Math.min(DEADLOCK_POLL_NS, Math.max(0, deadline - System.nanoTime())),
                        TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                final String cycle = deadlocks.since(options.provider());
                if (cycle != null || System.nanoTime() >= deadline) {
                    final String where = cycle != null ? null : stuckAt(runner.get(), options.provider());
                    f.cancel(true);
                    throw new Unfinished(hung(cycle, where));
                }
            }
        }
    }

    /**
     * Runs other work on the allocator beside the checks (the command line's fragmentation table, which runs the
     * simulator over it) as a check runs: on a daemon thread of its own, within the time limit of one check at this
     * depth, and failing at once on a deadlock, so that an allocator that hangs there costs that work, not the run.
     *
     * @param work what to run; it may call the allocator
     * @param <T> what it returns
     * @return what the work returned
     * @throws Unfinished when it deadlocked or did not finish in time; its message says which, and where
     * @throws ExecutionException what the work threw, as its cause (an {@link Error} too)
     * @throws InterruptedException when the calling thread is interrupted while it waits
     */
    public <T> T runBeside(final Callable<T> work) throws Unfinished, ExecutionException, InterruptedException {
        final ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            final Thread t = new Thread(r, "verify-beside");
            t.setDaemon(true);
            return t;
        });
        try {
            final long start = System.nanoTime();
            final AtomicReference<Thread> runner = new AtomicReference<>();
            return awaitWithinLimit(pool.submit(() -> {
                runner.set(Thread.currentThread());
                return work.call();
            }), start, runner);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Work on the allocator that did not finish: it deadlocked, or ran past the time one check may take; the
     * allocator may still be busy on that work's thread.
     */
    public static final class Unfinished extends Exception {
        private static final long serialVersionUID = 1L;

        Unfinished(final String why) {
            super(why);
        }
    }

    /** Why a check failed that deadlocked ({@code cycle}) or ran out of time (busy {@code where}). */
    private String hung(final String cycle, final String where) {
        return cycle != null ? "the allocator deadlocked: " + cycle : "did not finish within "
                + options.depth().secondsPerCheck() + " s (the time one check may take at --" + options.depth().label()
                + "): the allocator may hang or loop" + where;
    }

    /**
     * Where a check's thread is busy: the plug-in's innermost frame, else that of another live thread (a check's
     * own workers, as the stress run's, may be the ones inside the allocator), else nothing.
     */
    private static String stuckAt(final Thread t, final Object provider) {
        final StackTraceElement f = t == null ? null : PolicyRegistry.userFrame(t.getStackTrace(), provider);
        if (f != null) {
            return "; it was in " + PolicyRegistry.where(f);
        }
        for (final Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            final StackTraceElement other = e.getKey() == t ? null : PolicyRegistry.userFrame(e.getValue(), provider);
            if (other != null) {
                return "; thread " + e.getKey().getName() + " was in " + PolicyRegistry.where(other) + " ("
                        + e.getKey().getState() + ")";
            }
        }
        return "";
    }

    /** The check that did not finish, if any: its thread may still be running the allocator. */
    private static final class Hang {
        private String check;
    }
}
