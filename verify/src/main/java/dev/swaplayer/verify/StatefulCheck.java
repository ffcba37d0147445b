package dev.swaplayer.verify;

import dev.swaplayer.allocator.FolioAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.SwapCountCall;
import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.properties.engine.Action;
import dev.swaplayer.properties.engine.Gen;
import dev.swaplayer.properties.engine.Gens;
import dev.swaplayer.properties.engine.PropertyFailure;
import dev.swaplayer.properties.engine.Stateful;
import dev.swaplayer.properties.engine.Weighted;
import dev.swaplayer.spec.Geometry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Random operation sequences against the policy-agnostic specification, on the project's property engine:
 * every step goes to the allocator and to {@link ModelledDevice}'s model, and the observable state is
 * compared after each one. A failure is shrunk to a short sequence of steps.
 *
 * <p>Thread safety: not thread-safe; run one at a time.
 *
 * <p>Two checks share the machinery: {@code properties} (safety: legal placement, agreement, rejection)
 * and {@code completeness} (NONE while a legal run is free counts as a failure, INV-22; for a folio allocator also
 * a folio answered NONE while enough whole chunks were free for a compound, and a compound folio in more extents
 * than any placement needs, INV-8), which the 6.10 model fails by design and which a verdict requires only with
 * {@code --require complete}.
 */
final class StatefulCheck {
    /**
     * How many live allocations a step's {@code held #k} can reach: k is drawn below this and taken modulo their
     * number, so every allocation of the largest device (4,177 slots) is reachable, the newest of a filled device too.
     */
    static final int HELD_PICKS = 4096;
    /** Dups in a row: past 8 bits often, past 16 bits now and then (each costs 70,000 calls). */
    private static final Gen<Integer> MANY_DUPS = Gens.<Integer>weighted().add(30, Gens.constant(300))
            .add(1, Gens.constant(70_000)).build();
    /**
     * Sequences run while shrinking a failure: the bound that should end it, so that the same seed prints the same
     * counterexample on any machine; the time bound behind it only stops an allocator too slow for it (and says so).
     */
    static final int SHRINK_ATTEMPTS = 2_000;
    private final Target target;
    private final boolean completeness;
    /** Every step drawn, by its name: to replay a counterexample's steps and write them resolved. */
    private final Map<String, Step> byName = new ConcurrentHashMap<>();
    /** Compound folios placed over every sequence, for the report: they need a fragmented device. */
    private final LongAdder compounds = new LongAdder();

    /**
     * @param target what to check
     * @param completeness true for the completeness check, false for safety
     */
    StatefulCheck(final Target target, final boolean completeness) {
        this.target = target;
        this.completeness = completeness;
    }

    String name() {
        return completeness ? "completeness" : "properties";
    }

    CheckResult run() {
        final long start = System.nanoTime();
        final List<String> notServed = new ArrayList<>();
        int served = 0;
        String calls = "";
        boolean folios = false;
        boolean placed = false;
        for (final Geometries.Device g : Geometries.stateful()) {
            final SlotAllocator probe = target.createIfServed(g.type(), g.geometry(), notServed);
            if (probe == null) {
                continue;
            }
            calls = calls.isEmpty() ? callsChecked(probe) : calls;
            folios |= probe instanceof FolioAllocator;
            placed |= placesOnEmpty(probe);
            served++;
            try {
                property(g).check();
            } catch (PropertyFailure f) {
                final String cause = cause(f);
                final String message = "on " + g + ": " + inWords(cause) + f.shrinkStoppedBy().map(why -> " (shrinking"
                        + " stopped at its " + why + (f.shrunkSize() == f.originalSize() ? " before it removed any of"
                        + " the " + f.originalSize() + " steps" : " with " + f.shrunkSize() + " of the "
                        + f.originalSize() + " steps left") + ": a shorter counterexample may exist)").orElse("");
                return failed(incomplete(cause), start, resolved(g, f.steps()), message);
            }
        }
        if (served == 0) {
            return CheckResult.fail(name(), seconds(start), null, "the provider served none of the geometries: "
                    + String.join("; ", notServed), target.rerun());
        }
        if (!placed && !completeness) {
            return CheckResult.fail(name(), seconds(start), null, "nothing to check: allocate(order 0) returned NONE on"
                    + " each of the " + served + " empty devices, so no sequence placed anything and no safety property"
                    + " was tested (expected: a run on an empty device; completeness reports each such NONE)",
                    target.rerun());
        }
        final String runs;
        try {
            runs = scaleRun(notServed) + countLimit(notServed);
        } catch (final RunFailure f) {
            return failed(f.incomplete, start, f.phases, f.getMessage());
        }
        return CheckResult.pass(name(), seconds(start), served + " geometries x " + target.depth().tries()
                + " sequences of up to " + target.depth().steps() + " steps" + runs
                + (completeness ? "" : "; " + calls + (folios ? " (" + compounds.sum() + " compound folios placed)"
                : "")) + (notServed.isEmpty() ? ""
                : "; not served (the provider refused them): " + String.join("; ", notServed)));
    }

    /**
     * Whether {@code allocate(0)} places a run on the allocator's empty device. One that never does would pass every
     * safety property without a single placement to test; a call that throws counts as placed here, since the
     * sequences report it with its counterexample.
     */
    private static boolean placesOnEmpty(final SlotAllocator empty) {
        try {
            return empty.allocate(0) != SlotAllocator.NONE;
        } catch (final RuntimeException e) {
            return true;
        }
    }

    /**
     * For an allocator with swap counts, on the first stateful device the provider serves and places a slot on: one
     * slot's count taken across the high digits' edges and back ({@link CountRuns#acrossDeepEdges}), and with
     * {@code --full} another's to its limit ({@link CountRuns#toTheLimit}).
     *
     * @return the pass's words, from "; ", or "" when not run
     * @throws RunFailure when a count read wrong or the limit did not hold
     */
    private String countLimit(final List<String> notServed) {
        if (completeness) {
            return "";
        }
        for (final Geometries.Device g : Geometries.stateful()) {
            final SlotAllocator a = target.createIfServed(g.type(), g.geometry(), notServed);
            if (a != null && !(a instanceof SwapCounts)) {
                return "";
            }
            final long entry = a == null ? SlotAllocator.NONE : a.allocate(0);
            if (entry != SlotAllocator.NONE) {
                final String deep = CountRuns.acrossDeepEdges((SwapCounts) a, entry);
                if (deep != null) {
                    throw new RunFailure("on " + g + ", a count taken across its high digits' edges: " + deep, null,
                            false);
                }
                final String words = String.format(Locale.ROOT, "; one slot's swap count taken to %,d, three below"
                        + " and back at each high digit's edge", CountRuns.DEEP_EDGES[CountRuns.DEEP_EDGES.length - 1]
                        + 1);
                final long other = target.depth().countToTheLimit() ? a.allocate(0) : SlotAllocator.NONE;
                if (other == SlotAllocator.NONE) {
                    return words;
                }
                final String wrong = CountRuns.toTheLimit((SwapCounts) a, other);
                if (wrong != null) {
                    throw new RunFailure("on " + g + ": " + wrong, null, false);
                }
                return words + "; another's to its limit, 2^31 - 1, and a dup past it";
            }
        }
        return "";
    }

    /** Whether a failure's cause is only incompleteness (INV-22, INV-8), which only the completeness check reports. */
    private boolean incomplete(final String cause) {
        return completeness && cause.startsWith(Completeness.INCOMPLETE);
    }

    /** A failure's cause in words: one the completeness check met that is not incompleteness is called safety. */
    private String inWords(final String cause) {
        return completeness && !incomplete(cause) ? "a safety failure, which fails the verdict whether or not"
                + " completeness is required (no NONE was wrong before it): " + cause : cause;
    }

    /** A failure: only incompleteness (INV-22, INV-8), or safety, which fails the verdict either way. */
    private CheckResult failed(final boolean incomplete, final long start, final List<String> counterexample,
            final String message) {
        return incomplete ? CheckResult.incomplete(name(), seconds(start), counterexample, message, target.rerun())
                : CheckResult.fail(name(), seconds(start), counterexample, message, target.rerun());
    }

    /**
     * Names the interfaces whose calls the check makes, and those the allocator does not implement (so not
     * checked): a pass of a bare {@link SlotAllocator} then does not read as a pass of its swap counts.
     */
    static String callsChecked(final SlotAllocator a) {
        final List<String> missing = new ArrayList<>();
        final StringBuilder b = new StringBuilder("checked: SlotAllocator");
        for (final Class<?> api : List.of(SwapCounts.class, FolioAllocator.class)) {
            if (api.isInstance(a)) {
                b.append(", ").append(api.getSimpleName());
            } else {
                missing.add(api.getSimpleName());
            }
        }
        return missing.isEmpty() ? b.toString() : b + "; not implemented, not checked: " + String.join(", ",
                missing);
    }

    private Stateful<ModelledDevice> property(final Geometries.Device g) {
        return Stateful.of(target.policy() + " " + name() + " on " + g,
                        () -> new ModelledDevice(target.create(g.type(), g.geometry()), completeness, compounds),
                        actions(g.geometry()))
                .invariant("the allocator agrees with the specification", ModelledDevice::compare)
                .steps(target.depth().steps())
                .tries(target.depth().tries())
                .seed(target.seed())
                .shrinkAttempts(SHRINK_ATTEMPTS)
                .shrinkTimeout(Duration.ofSeconds(completeness ? 30 : 60))
                .rememberFailures(false);
    }

    /** The step generator: allocations outweigh frees, so that a sequence fills hundreds of slots. */
    private Gen<Action<ModelledDevice>> actions(final Geometry g) {
        final int top = Math.min(g.maxOrder(), 4);
        final Gen<Integer> orders = Gens.<Integer>weighted().add(6, Gens.constant(0)).add(3, Gens.ints(0, top))
                .add(1, Gens.ints(0, g.maxOrder())).build();
        final Gen<Integer> index = Gens.ints(0, HELD_PICKS - 1);
        final Gen<Integer> page = Gens.ints(0, 511);
        final Gen<int[]> where = Gens.zip(index, page, (i, p) -> new int[] {i, p});
        final Weighted<Step> w = Gens.<Step>weighted()
                .add(8, orders.map(Step.Allocate::new))
                .add(6, Gens.zip(where, Gens.ints(1, 64), (ip, n) -> new Step.Free(ip[0], ip[1], n)))
                .add(1, Gens.ints(0, g.maxOrder()).map(Step.Fill::new))
                .add(3, orders.map(Step.AllocateFolio::new))
                .add(1, Gens.constant(new Step.Fragment()));
        if (!completeness) {
            w.add(6, Gens.zip(Gens.elements(SwapCountCall.values()), where,
                            (c, ip) -> new Step.Count(c, ip[0], ip[1])))
                    .add(1, Gens.zip(Gens.elements(Misuse.values()), Gens.ints(0, 1 << 20), Step.Reject::new))
                    .add(1, Gens.zip(where, MANY_DUPS, (ip, n) -> new Step.ManyDups(ip[0], ip[1], n)))
                    .add(1, Gens.zip(where, Gens.ints(127, 300), (ip, n) -> new Step.UpAndDown(ip[0], ip[1], n)))
                    .add(1, Gens.zip(index, Gens.ints(2, 4), Step.FreeInPieces::new))
                    .add(1, index.map(Step.FreedPageReused::new))
                    .add(1, index.map(Step.ReleaseBySlot::new))
                    .add(1, Gens.zip(index, Gens.ints(2, 300), Step.FreeRun::new))
                    .add(1, Gens.ints(0, 1 << 20).map(Step.CacheAddFree::new));
        }
        final Gen<Step> steps = w.build();
        return steps.map(this::action);
    }

    private Action<ModelledDevice> action(final Step step) {
        byName.putIfAbsent(step.toString(), step);
        return Action.of(step.toString(), step::applicable, step::run);
    }

    /**
     * Replays a shrunk counterexample on a fresh allocator and writes each step with the allocation and page it
     * picked ({@link Step#resolved}): {@code held #56} among six allocations reads {@code held #2}. The same steps
     * as drawn when the replay does not go the same way (an allocator whose results differ from run to run).
     */
    private List<String> resolved(final Geometries.Device g, final List<String> names) {
        final List<String> out = new ArrayList<>(names.size());
        final ModelledDevice d = new ModelledDevice(target.create(g.type(), g.geometry()), completeness,
                new LongAdder());
        try {
            for (final String name : names) {
                final Step s = byName.get(name);
                if (s == null || !s.applicable(d)) {
                    return names;
                }
                out.add(s.written(d));
                s.run(d);
                d.compare();
            }
        } catch (AssertionError | RuntimeException failedAsBefore) {
            return out.size() == names.size() ? out : names;
        }
        return names; // it passed this time
    }

    private String cause(final PropertyFailure f) {
        final Throwable c = f.getCause() == null ? f : f.getCause();
        return c instanceof AssertionError ? c.getMessage()
                : "the allocator threw " + located(c, target.provider());
    }

    /**
     * Returns what was thrown, with the frame of the provider's own code it came from when there is one (a plug-in
     * jar's, or the provider's package on the class path: {@link PolicyRegistry#userFrame}).
     */
    static String located(final Throwable t, final Object provider) {
        final StackTraceElement f = PolicyRegistry.userFrame(t, provider);
        return f == null ? String.valueOf(t) : t + " at " + PolicyRegistry.where(f);
    }

    /**
     * The {@link ScaleRun}, once per check, after the sequences: "" when the provider does not serve its device
     * (the refusal joins {@code notServed}), else what it did.
     *
     * @throws RunFailure when it failed
     */
    private String scaleRun(final List<String> notServed) {
        final SlotAllocator a = target.createIfServed(ScaleRun.TYPE, ScaleRun.DEVICE, notServed);
        if (a == null) {
            return "";
        }
        final ScaleRun run = new ScaleRun(a, completeness);
        try {
            run.run();
        } catch (AssertionError | RuntimeException e) {
            final String what = e instanceof AssertionError ? e.getMessage() : "the allocator threw "
                    + located(e, target.provider());
            throw new RunFailure("on the scale device " + ScaleRun.DEVICE + ", device type " + ScaleRun.TYPE + ": "
                    + inWords(what), run.phases(), incomplete(what));
        }
        return String.format(Locale.ROOT, "; a run of %,d allocations on a device of %,d slots", run.allocations(),
                ScaleRun.DEVICE.totalSlots());
    }

    /**
     * A long run failed: the scale run, or a count taken to its limit. Thread safety: confined to the check's thread.
     */
    private static final class RunFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient List<String> phases;
        private final boolean incomplete;

        RunFailure(final String message, final List<String> phases, final boolean incomplete) {
            super(message, null, false, false);
            this.phases = phases;
            this.incomplete = incomplete;
        }
    }

    static double seconds(final long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
