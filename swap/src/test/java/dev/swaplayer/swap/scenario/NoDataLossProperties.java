package dev.swaplayer.swap.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.FolioOutcome;
import dev.swaplayer.properties.engine.Gen;
import dev.swaplayer.properties.engine.Gens;
import dev.swaplayer.properties.engine.Property;
import dev.swaplayer.properties.engine.PropertyFailure;
import dev.swaplayer.swap.FolioFallback;
import dev.swaplayer.swap.SwapIntegrityException;
import dev.swaplayer.swap.SwapIoException.Direction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The no-data-loss properties on the property engine: each try draws a {@link Script} (actions of the same kinds
 * and ranges as {@link Script#fromSeed}, priorities, pins, corrupt reads), checksums on or off and RAM or a swap
 * file, and runs {@link NoDataLoss} on it under every placement policy of the buddy allocator: a clean run, then
 * one replay per position of each fault. A failure is shrunk to a short script and names the engine seed that
 * re-runs it ({@code -Dswaplayer.seed=N}); {@code -Dswaplayer.tries=N} runs more tries.
 *
 * <p>Thread safety: each test runs on JUnit's one thread, where its checks run one after another in its own temporary
 * directory.
 *
 * <p>The seeded sweeps below run the scenarios of fixed seeds, those of {@code ./swaplayer verify}, and check what
 * they cover (every placement outcome, faults in both directions, corrupt reads caught in every storage outcome):
 * deterministic coverage that random tries cannot promise.
 */
class NoDataLossProperties {
    private static final int MAX_ORDER = 4;

    @TempDir
    Path dir;

    // ------------------------------------------------------------------------------------------ generators

    /**
     * A run a property draws: the script, and the set-up that {@link Plan} derives from a seed.
     *
     * @param script the actions, priorities, pins and corrupt reads
     * @param integrity whether checksums are on
     * @param file whether area 0 is a swap file (4 KiB pages) rather than RAM (512-byte pages)
     */
    record Run(Script script, boolean integrity, boolean file) {
        @Override
        public String toString() {
            return (integrity ? "crc32c" : "no checksums") + ", " + (file ? "swap file" : "ram") + ", " + script;
        }
    }

    /** One action, as {@link Script#fromSeed} draws them; each part shrinks toward a swap-out of order 0. */
    private static Gen<Script.Action> actions() {
        final Gen<Script.Kind> kinds = Gens.<Script.Kind>weighted().add(35, Gens.constant(Script.Kind.SWAP_OUT))
                .add(30, Gens.constant(Script.Kind.SWAP_IN)).add(10, Gens.constant(Script.Kind.DUP))
                .add(15, Gens.constant(Script.Kind.PUT)).add(10, Gens.constant(Script.Kind.FREE)).build();
        final Gen<Integer> orders = Gens.<Integer>weighted().add(7, Gens.ints(0, MAX_ORDER - 1))
                .add(1, Gens.constant(MAX_ORDER)).build();
        final Gen<Integer> picks = Gens.ints(0, (1 << 16) - 1);
        final Gen<Integer> firsts = Gens.ints(0, 15);
        final Gen<Integer> lengths = Gens.ints(1, 16);
        final Gen<Boolean> keeps = Gens.<Boolean>weighted().add(3, Gens.constant(false)).add(1, Gens.constant(true))
                .build();
        final Gen<Long> contents = Gens.longs(Long.MIN_VALUE, Long.MAX_VALUE);
        return source -> new Script.Action(kinds.generate(source), orders.generate(source), picks.generate(source),
                firsts.generate(source), lengths.generate(source), keeps.generate(source), contents.generate(source));
    }

    /** Scripts of 1..{@code maxSteps} actions; they shrink toward one action, equal priorities and no pins. */
    private static Gen<Script> scripts(final int maxSteps) {
        final Gen<List<Script.Action>> lists = Gens.lists(actions(), 1, maxSteps);
        final Gen<Integer> priorities = Gens.ints(0, 2);
        final Gen<Integer> strides = Gens.ints(0, 4);
        final Gen<Long> corruptSeeds = Gens.longs(0, Long.MAX_VALUE);
        return source -> new Script(lists.generate(source), priorities.generate(source),
                List.of(strides.generate(source), strides.generate(source)), corruptSeeds.generate(source));
    }

    /** Runs of scripts of at most {@code maxSteps} actions, with checksums as {@code integrity} draws them. */
    private static Gen<Run> runs(final int maxSteps, final Gen<Boolean> integrity) {
        final Gen<Script> scripts = scripts(maxSteps);
        final Gen<Boolean> files = Gens.booleans();
        return source -> new Run(scripts.generate(source), integrity.generate(source), files.generate(source));
    }

    // -------------------------------------------------------------------------------------------- checks

    /**
     * Runs {@link NoDataLoss} on the run under every policy; every run of it must pass.
     *
     * @param faults the faults to replay at every position (corrupt reads only with checksums, unless planted)
     * @return the reports, one per policy
     */
    private Report[] checkEvery(final Run run, final Set<Fault> faults) {
        final FolioFallback[] policies = FolioFallback.values();
        final Report[] reports = new Report[policies.length];
        for (int i = 0; i < reports.length; i++) {
            final Report r = NoDataLoss.check(policies[i], run.script(), run.integrity(), run.file() ? dir : null,
                    faults);
            if (r.firstFailure() != null) {
                throw failed(r.firstFailure());
            }
            assertEquals(0, r.failedRuns(), r.toString());
            reports[i] = r;
        }
        return reports;
    }

    /**
     * The first failure of a check as the property's failure: its description (the run, the broken invariant,
     * the steps as the run interpreted them), with the stack of the check or the code that failed, so that the
     * engine's shrinker keeps to that same failure (it compares the first frame outside the libraries).
     */
    private static AssertionError failed(final Failure f) {
        Throwable root = f.cause();
        while (root.getCause() != null) {
            root = root.getCause();
        }
        final AssertionError e = new AssertionError(f.describe(), f.cause());
        e.setStackTrace(root.getStackTrace());
        return e;
    }

    // ---------------------------------------------------------------------------------------- properties

    /**
     * One fault at every I/O position: run each script once to count every area's I/O attempts, then replay it
     * once per attempt with exactly that attempt failing. No slot leaked, no page lost, no wrong byte.
     */
    @Test
    void faultAtEveryIoPosition_noSlotLeaked_noPageLost_noWrongByte() {
        Property.forAll("a failing I/O at any position loses no slot, no page, no byte", runs(30, Gens.booleans()))
                .tries(8)
                .check(run -> checkEvery(run, EnumSet.of(Fault.FAIL_IO)));
    }

    /**
     * One corrupt read at every read position, with checksums: run each script once to count every area's reads,
     * then replay it once per read with exactly that read returning one flipped bit while reporting success.
     * Each must be a {@link SwapIntegrityException} naming that page and slot, with the guarantees of any failed
     * swap-in: no slot leaked, no page lost, no wrong byte.
     */
    @Test
    void corruptReadAtEveryReadPosition_isCaughtNamingThePage_noSlotLeaked_noPageLost_noWrongByte() {
        Property.forAll("a corrupt read at any position is caught, naming the page", runs(30, Gens.constant(true)))
                .tries(8)
                .check(run -> {
                    for (final Report r : checkEvery(run, EnumSet.of(Fault.CORRUPT_READ))) {
                        assertEquals(r.replays(), r.coverage().integrityErrors(), "every corrupt read caught: " + r);
                    }
                });
    }

    /** Any sequence of swap-outs, partial swap-ins, dups, puts and frees returns every byte that went in. */
    @Test
    void anySequence_returnsEveryByteThatWentIn() {
        Property.forAll("any sequence returns every byte that went in", runs(250, Gens.booleans()))
                .tries(40)
                .check(run -> checkEvery(run, Set.of()));
    }

    /**
     * The shrinking is checked too, on the checker's planted defect: without checksums a corrupt read reaches the
     * caller as a success, BYTES must catch the wrong byte, and the engine must shrink the failing script to a
     * single swap-out (whose page the drain reads back, corrupt).
     */
    @Test
    void withoutChecksums_aCorruptReadFailsBytes_andShrinksToOneSwapOut() {
        final PropertyFailure f = assertThrows(PropertyFailure.class, () -> Property
                .forAll("planted: corrupt reads without checksums", runs(30, Gens.constant(false)))
                .tries(10).seed(20261203L).shrinkTimeout(Duration.ofMinutes(5))
                .check(run -> checkEvery(run, EnumSet.of(Fault.CORRUPT_READ))));
        System.out.println("expected failure, as a user would see it:\n" + f.getMessage());
        final Run shrunk = (Run) f.counterexample();
        assertEquals(List.of(Script.Kind.SWAP_OUT), shrunk.script().actions().stream().map(Script.Action::kind)
                .toList(), f.getMessage());
        assertTrue(f.getMessage().contains(": BYTES of pages "), f.getMessage());
        assertTrue(f.getMessage().contains("re-run: -Dswaplayer.seed=20261203"), f.getMessage());
    }

    // ------------------------------------------------------------------------------------ seeded sweeps

    private Report[] sweep(final Plan plan) {
        final FolioFallback[] policies = FolioFallback.values();
        final Report[] reports = new Report[policies.length];
        for (int i = 0; i < reports.length; i++) {
            final Report r = NoDataLoss.check(policies[i], plan);
            assertNull(r.firstFailure(), () -> r.firstFailure().describe());
            reports[i] = r;
        }
        return reports;
    }

    private static Coverage coverage(final Report[] reports) {
        Coverage c = Coverage.NONE;
        for (final Report r : reports) {
            c = c.plus(r.coverage());
        }
        return c;
    }

    private static int replays(final Report[] reports) {
        int n = 0;
        for (final Report r : reports) {
            n += r.replays();
        }
        return n;
    }

    /** The I/O faults of seeds 1..8 (those of {@code verify}) reach every placement and both directions. */
    @Test
    void seedsOneToEight_faultAtEveryIoPosition_coverEveryPlacementAndBothDirections() {
        final Report[] reports = sweep(Plan.of(8, 30, dir).withFaults(EnumSet.of(Fault.FAIL_IO)));
        final Coverage coverage = coverage(reports);
        assertEquals(EnumSet.allOf(FolioOutcome.class), coverage.outcomes(), "every placement reached: " + coverage);
        assertEquals(EnumSet.allOf(Direction.class), coverage.failures(), "faults in both directions: " + coverage);
        assertTrue(coverage.partialSwapIns() > 0 && coverage.dups() > 0, coverage.toString());
        assertTrue(replays(reports) > 1000, "replays: " + replays(reports));
    }

    /** The corrupt reads of seeds 1..8 are all caught, in every storage outcome and in partial swap-ins. */
    @Test
    void seedsOneToEight_corruptReadAtEveryReadPosition_caughtInEveryStorageOutcome() {
        final Report[] reports = sweep(Plan.of(8, 30, dir).withIntegrity(Plan.Integrity.ON)
                .withFaults(EnumSet.of(Fault.CORRUPT_READ)));
        final Coverage coverage = coverage(reports);
        assertEquals(replays(reports), coverage.integrityErrors(), "every corrupt read was caught: " + coverage);
        assertEquals(EnumSet.of(FolioOutcome.SWPOUT, FolioOutcome.SWPOUT_COMPOUND, FolioOutcome.SWPOUT_FALLBACK),
                coverage.integrityOutcomes(), "caught in every storage outcome: " + coverage);
        assertTrue(coverage.partialIntegrityErrors() > 0, "caught in partial swap-ins: " + coverage);
        assertTrue(replays(reports) > 300, "replays: " + replays(reports));
    }

    /**
     * The checker's planted defect over seeds: without checksums every corrupt read of seed 5 is wrong data that
     * BYTES catches, under every policy; the first read position fails first.
     */
    @Test
    void seedFive_withoutChecksums_aCorruptReadIsWrongData_andBytesCatchesIt() {
        final Plan planted = new Plan(5, 1, 30, null, Plan.Integrity.OFF, EnumSet.of(Fault.CORRUPT_READ));
        int caught = 0;
        for (final FolioFallback policy : FolioFallback.values()) {
            final Report r = NoDataLoss.check(policy, planted);
            assertEquals(1, r.cleanRuns(), r.toString());
            assertEquals(r.replays(), r.failedRuns(), "every corrupt read is wrong data: " + r);
            assertEquals(0, r.coverage().integrityErrors(), "no checksum to catch it: " + r);
            assertEquals(Fault.CORRUPT_READ, r.firstFailure().fault());
            assertEquals(1, r.firstFailure().position(), "the first read position fails first");
            assertTrue(r.firstFailure().message().contains(": BYTES of pages "), r.firstFailure().message());
            assertTrue(r.firstFailure().steps().stream().anyMatch(s -> s.startsWith("swap-in of folio ")),
                    r.firstFailure().describe());
            caught += r.failedRuns();
        }
        assertTrue(caught > 10, "corrupt reads: " + caught);
    }

    /** Seeds 1..40 of 250 actions, without faults, reach every placement and many partial swap-ins and dups. */
    @Test
    void seedsOneToForty_anySequence_coverEveryPlacement() {
        final Coverage coverage = coverage(sweep(Plan.of(40, 250, dir).withFaults(Set.of())));
        assertEquals(EnumSet.allOf(FolioOutcome.class), coverage.outcomes(), "every placement reached: " + coverage);
        assertTrue(coverage.partialSwapIns() > 100 && coverage.dups() > 100, coverage.toString());
    }
}
