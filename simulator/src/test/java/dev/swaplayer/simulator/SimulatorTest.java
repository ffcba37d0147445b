package dev.swaplayer.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.PerCpu;
import dev.swaplayer.spec.Geometry;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The simulator end to end: thp-swap-test's draws as the C program makes them, runs repeated from a seed and from
 * emitted scripts, each policy's headline outcome, the audit after every operation, progress, and bad options.
 *
 * <p>Thread safety: each test runs on JUnit's one thread; the CPUs a run simulates are per-CPU state of its policies,
 * not threads, and the shared options are immutable.
 */
class SimulatorTest {
    private static final Simulator.Options FOLIO = new Simulator.Options(SwapIn.FOLIO, 1, false);
    private static final Simulator.Options PAGE = new Simulator.Options(SwapIn.PAGE, 1, false);

    private static RunResult run(final Workload w, final String mode, final List<String> policies,
            final Simulator.Options o) {
        return Experiment.run(TestPolicies.REGISTRY, w, mode, 1L, policies, o, null);
    }

    /**
     * The draws of tools/mm/thp_swap_allocator_test.c, in its order, for 3 iterations: a hash
     * {@code h = 31 h + offset} (64-bit wrap) over every random offset in 4 KiB pages, computed by a C program
     * calling glibc rand() exactly as the test does.
     */
    @ParameterizedTest
    @EnumSource(ThpMode.class)
    void thpSwapTest_draws_matchTheCProgramOnGlibc(final ThpMode mode) {
        final long expected = switch (mode) {
            case NONE -> 7872984632687586682L;
            case A -> -2634961627971901024L;
            case S -> 1242602919572991473L;
            case AS -> -4617647570139200823L;
        };
        final int expectedDraws = switch (mode) {
            case NONE -> 13056;
            case A -> 1536;
            case S -> 13824;
            case AS -> 2304;
        };
        final Workload w = Workloads.thpSwapTest(mode, 1, 3);
        long h = 0;
        int draws = 0;
        boolean warmUp = true;
        for (int i = 0; i < w.size(); i++) {
            final Workload.Kind k = w.kind(i);
            if (k == Workload.Kind.PHASE) {
                warmUp = w.labels().get(w.region(i)).equals("warm-up");
                continue;
            }
            final boolean rewrite = k == Workload.Kind.WRITE && w.kind(i - 1) == Workload.Kind.DONTNEED;
            if (!warmUp && k != Workload.Kind.PAGEOUT && !rewrite) {
                h = h * 31 + w.first(i);
                draws++;
            }
        }
        assertEquals(expectedDraws, draws);
        assertEquals(expected, h);
    }

    @Test
    void thpSwapTest_structure_isTheCProgramsSetup() {
        final Workload w = Workloads.thpSwapTest(ThpMode.AS, 1, 2);
        assertEquals(16384, w.swapPages());
        assertEquals(List.of(new Workload.Region("mem1", 15360, 4), new Workload.Region("mem2", 1024, 0)),
                w.regions());
        assertEquals(List.of("warm-up", "iteration 1", "iteration 2"), w.labels());
        // per iteration: phase, 256 chunk writes, 256 x (dontneed + write), 256 page writes, 2 pageouts
        assertEquals(1 + 4 + 2 * (1 + 256 + 512 + 256 + 2), w.size());
    }

    @Test
    void run_sameSeedTwice_givesIdenticalJson() {
        final Simulator.Options cpus4 = new Simulator.Options(SwapIn.PAGE, 4, false);
        final String a = JsonReport.toJsonLine(run(Workloads.thpSwapTest(ThpMode.S, 5, 3), "s", TestPolicies.ALL,
                cpus4));
        final String b = JsonReport.toJsonLine(run(Workloads.thpSwapTest(ThpMode.S, 5, 3), "s", TestPolicies.ALL,
                cpus4));
        assertEquals(a, b);
        final String c = JsonReport.toJsonLine(run(Workloads.thpSwapTest(ThpMode.S, 6, 3), "s", TestPolicies.ALL,
                cpus4));
        assertNotEquals(a, c, "another seed, another run");
    }

    @Test
    void run_aging_isDeterministicForASeed() {
        final List<String> p = List.of("legacy", "compound");
        assertEquals(JsonReport.toJsonLine(run(Workloads.aging(9, 3), null, p, PAGE)),
                JsonReport.toJsonLine(run(Workloads.aging(9, 3), null, p, PAGE)));
    }

    @Test
    void emittedScript_replays_toIdenticalMetrics() throws Exception {
        for (final Workload w : List.of(Workloads.thpSwapTest(ThpMode.NONE, 3, 2), Workloads.adversarial(1),
                Workloads.aging(2, 2))) {
            final Workload back = ScriptParser.parse(new StringReader(w.toScript()), "x.swl", w.name());
            final String direct = JsonReport.toJsonLine(run(w, null, TestPolicies.ALL, PAGE));
            final String replayed = JsonReport.toJsonLine(run(back, null, TestPolicies.ALL, PAGE));
            assertEquals(direct, replayed, w.name());
        }
    }

    /** The goal for compound: 0% fallback and no failed large folio in every mode (few iterations here). */
    @ParameterizedTest
    @EnumSource(ThpMode.class)
    void thpSwapTest_compound_neverFallsBackNorFails(final ThpMode mode) {
        for (final Simulator.Options o : List.of(FOLIO, PAGE)) {
            final PolicyRun r = run(Workloads.thpSwapTest(mode, 1, mode.aligned() ? 10 : 3), mode.label(),
                    List.of("compound"), o).runs().get(0);
            assertEquals(0, r.totals().swpoutFallback(4), mode + " " + o.swapIn());
            assertEquals(0, r.totals().failed(4), mode + " " + o.swapIn());
            assertTrue(r.totals().swpout(4) > 900, "large folios were swapped out");
        }
    }

    @Test
    void thpSwapTestNone_pageSwapIn_buddyFallsBackWhereCompoundDoesNot() {
        final RunResult r = run(Workloads.thpSwapTest(ThpMode.NONE, 1, 3), "none", List.of("buddy", "compound"), PAGE);
        final PolicyRun buddy = r.runs().get(0);
        final PolicyRun compound = r.runs().get(1);
        assertEquals(0.0, buddy.phases().get(1).counters().fallbackRatio(4), "iteration 1 still finds runs");
        assertTrue(buddy.phases().get(3).counters().fallbackRatio(4) > 50, "scattered single-slot frees pin runs");
        assertTrue(compound.totals().swpoutCompound(4) > 0);
        assertTrue(compound.totals().extentsMax() >= 2);
    }

    @Test
    void adversarial_contiguousPoliciesFallBackCompoundDoesNot() {
        final RunResult r = run(Workloads.adversarial(1), null, TestPolicies.ALL, FOLIO);
        for (final PolicyRun p : r.runs()) {
            final Counters attack = p.phases().get(2).counters();
            assertEquals("attack 1", p.phases().get(2).label());
            if (p.policy().equals("compound")) {
                assertEquals(0.0, attack.fallbackRatio(4));
                assertEquals(512, attack.swpoutCompound(4));
            } else {
                assertEquals(100.0, attack.fallbackRatio(4), p.policy());
            }
        }
    }

    /** thp-swap-test -a -s scaled down 16 times (1024 slots, 60 chunks), audited after every operation. */
    @Test
    void run_withInvariantAudit_passesOnEveryPolicy() {
        final GlibcRandom rand = new GlibcRandom();
        final Workload.Builder b = Workload.builder("mini", 1024, 64);
        final int mem1 = b.region("mem1", 960, 4);
        final int mem2 = b.region("mem2", 64, 0);
        b.phase("warm-up").write(mem1, 0, 960).pageout(mem1).write(mem2, 0, 64).pageout(mem2);
        for (int i = 1; i <= 4; i++) {
            b.phase("iteration " + i);
            for (int d = 0; d < 16; d++) {
                b.write(mem1, rand.nextMod(944), 1 + rand.nextMod(16));
                final int at = rand.nextMod(60) * 16;
                b.dontneed(mem1, at, 16).write(mem1, at, 16);
                b.write(mem2, rand.nextMod(64), 1);
            }
            b.pageout(mem1).pageout(mem2);
        }
        final Workload w = b.build();
        for (final SwapIn swapIn : SwapIn.values()) {
            for (final String p : TestPolicies.ALL) {
                final PolicyRun r = Simulator.run(w, TestPolicies.create(p, w.geometry(), 2),
                        new Simulator.Options(swapIn, 2, true), null);
                assertEquals(5, r.phases().size());
                assertTrue(r.totals().swpout(4) + r.totals().swpoutCompound(4) + r.totals().swpoutFallback(4) >= 60);
            }
        }
    }

    @Test
    void run_progress_hearsEveryOperation() {
        final Workload w = Workloads.thpSwapTest(ThpMode.A, 1, 2);
        final long[] heard = {0};
        Simulator.run(w, TestPolicies.create("buddy", w.geometry(), 1), FOLIO, n -> heard[0] += n);
        assertEquals(w.size(), heard[0]);
    }

    @Test
    void progress_disabled_countsButNeverDraws() {
        try (Progress p = new Progress("t", 10, false)) {
            p.accept(4);
            p.accept(6);
            assertEquals(10, p.done());
        }
        assertEquals(0, Progress.silent().done());
    }

    @Test
    void run_scriptWithoutPhases_reportsOnePhaseNamedStart() throws Exception {
        final Workload w = ScriptParser.parse(new StringReader(
                "swaplayer-workload 1\nswap 64 cluster 16\nregion a 16 folio-order 2\nwrite a 0 16\npageout a\n"),
                "s", "s");
        final PolicyRun r = run(w, null, List.of("buddy"), FOLIO).runs().get(0);
        assertEquals(1, r.phases().size());
        assertEquals("start", r.phases().get(0).label());
        assertEquals(4, r.totals().swpout(2));
        assertEquals(16, r.phases().get(0).usedSlots());
    }

    @Test
    void policies_unknownName_throwsWithTheListBeforeAnythingRuns() {
        final Workload w = Workloads.thpSwapTest(ThpMode.NONE, 1, 1);
        assertEquals("--policy: zswap (expected: legacy, cluster, buddy, compound, bestfit, cluster-612-slots,"
                + " cluster-72 or all; a plug-in's name needs its --jar)", assertThrows(IllegalArgumentException.class,
                        () -> Simulator.policies(TestPolicies.REGISTRY, w, List.of("buddy", "zswap"), 1)).getMessage());
    }

    @Test
    void policy_kernelModelFollowsTheCpus_buddyHasNoHint() {
        final Geometry g = Geometry.builder(1024).clusterSlots(16).build();
        final PolicySlots cluster = TestPolicies.create("cluster", g, 4);
        assertEquals(4, cluster.cpus());
        cluster.setCpu(3);
        assertEquals(3, ((PerCpu) cluster.allocator()).cpu());
        final PolicySlots buddy = TestPolicies.create("buddy", g, 4);
        assertEquals(4, buddy.cpus());
        buddy.setCpu(3); // no per-CPU state: nothing to move, nothing to fail
        assertEquals(List.of("legacy", "cluster", "buddy", "compound"), TestPolicies.ALL);
    }

    @Test
    void options_badCpus_throw() {
        assertEquals("--cpus: 0 (expected: 1..1024)",
                assertThrows(IllegalArgumentException.class, () -> new Simulator.Options(SwapIn.PAGE, 0, false))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> SwapIn.parse("pages"));
        assertThrows(IllegalArgumentException.class, () -> ThpMode.parse("sa"));
        assertThrows(IllegalArgumentException.class, () -> Workloads.byName("fio", ThpMode.A, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Workloads.thpSwapTest(ThpMode.A, 1, 0));
    }
}
