package dev.swaplayer.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's reports of one run of every policy: the JSON schema, the phase and comparison tables with their
 * notes, and the {@code --out} directory of CSV files and charts.
 *
 * <p>Thread safety: JUnit runs it on one thread; the run that the tests share is made once, before them, and only read
 * afterwards (a test that changes it changes a copy).
 */
class ReportTest {
    private static RunResult result;

    @TempDir
    Path dir;

    @BeforeAll
    static void runOnce() {
        result = Experiment.run(TestPolicies.REGISTRY, Workloads.thpSwapTest(ThpMode.NONE, 1, 3), "none", 1L,
                TestPolicies.ALL, new Simulator.Options(SwapIn.PAGE, 1, false), null);
    }

    @Test
    void json_schema_hasEveryDocumentedField() throws Exception {
        final JsonNode o = new ObjectMapper().readTree(JsonReport.toJsonLine(result));
        assertEquals("thp-swap-test", o.get("workload").asText());
        assertEquals("none", o.get("mode").asText());
        assertEquals("page", o.get("swapin").asText());
        assertEquals(1, o.get("cpus").asInt());
        assertEquals(1, o.get("seed").asLong());
        assertEquals(16384, o.get("device").get("pages").asInt());
        assertEquals(4, o.get("policies").size());
        final JsonNode legacy = o.get("policies").get(0);
        assertEquals("legacy", legacy.get("policy").asText());
        assertEquals(4, legacy.get("phases").size());
        final JsonNode it1 = legacy.get("phases").get(1);
        assertEquals("iteration 1", it1.get("label").asText());
        final JsonNode o4 = it1.get("orders").get("4");
        for (final String f : List.of("swpout", "swpout_fallback", "swpout_compound", "failed", "fallback_ratio")) {
            assertTrue(o4.has(f), f);
        }
        final long all = o4.get("swpout").asLong() + o4.get("swpout_fallback").asLong()
                + o4.get("swpout_compound").asLong();
        assertEquals(100.0 * o4.get("swpout_fallback").asLong() / all, o4.get("fallback_ratio").asDouble(), 1e-4);
        assertTrue(it1.get("orders").has("0"));
        assertTrue(it1.get("unusable_index").has("4"));
        assertEquals(10, it1.get("free_blocks").size());
        assertTrue(it1.has("used_slots"));
        assertTrue(it1.get("extents").has("max"));
        assertTrue(legacy.get("totals").get("orders").get("4").has("fallback_ratio"));
        final JsonNode orders = it1.get("orders");
        final List<String> keys = new ArrayList<>();
        orders.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("4", "0"), keys, "largest order first");
    }

    @Test
    void json_nothingSwappedOut_ratioIsNull() throws Exception {
        final JsonNode o = new ObjectMapper().readTree(JsonReport.toJsonLine(result));
        final JsonNode warm = o.get("policies").get(2).get("phases").get(0);
        assertTrue(warm.get("orders").get("0").get("fallback_ratio").isNull());
        assertTrue(warm.get("extents").get("mean").isNull());
    }

    @Test
    void phaseTable_policiesSideBySide_fitsIn100Columns() {
        final StringWriter s = new StringWriter();
        TextReport.phaseTable(result, new PrintWriter(s));
        final String text = s.toString();
        assertTrue(text.lines().allMatch(l -> l.length() <= 100), text);
        assertTrue(text.lines().anyMatch(l -> l.contains("legacy") && l.contains("compound")), text);
        assertTrue(text.contains("iteration 3"), text);
        assertTrue(text.contains("whole run"), text);
    }

    @Test
    void phaseTable_severalFolioOrders_showsTheWholeRunAtEachOtherOrder() {
        final Workload w = DataModeTest.workload("""
                swaplayer-workload 1
                swap 200
                region big 256 folio-order 4
                region small 256 folio-order 2
                phase p
                write big 0 256
                write small 0 256
                pageout big
                pageout small
                """);
        final RunResult r = Experiment.run(TestPolicies.REGISTRY, w, null, null, List.of("cluster", "buddy"),
                new Simulator.Options(SwapIn.PAGE, 1, false), null);
        final StringWriter s = new StringWriter();
        TextReport.phaseTable(r, new PrintWriter(s));
        final String text = s.toString();
        assertTrue(text.contains("the whole run at the other large folio orders:"), text);
        final List<String> f = fields(text, "2 (16 KiB)");
        assertEquals(3 + 2 * 2, f.size(), "order, its size, then fb% and fail per policy\n" + text);
        for (int p = 0; p < 2; p++) {
            final Counters c = r.runs().get(p).totals();
            assertEquals(String.format(Locale.ROOT, "%.1f", c.fallbackRatio(2)), f.get(3 + 2 * p), text);
            assertEquals(Long.toString(c.failed(2)), f.get(4 + 2 * p), text);
        }
        assertTrue(r.runs().get(0).totals().swpoutFallback(2) > 0, "the device fills: the row is not all zeros");
        final StringWriter one = new StringWriter();
        TextReport.phaseTable(result, new PrintWriter(one));
        assertFalse(one.toString().contains("other large folio orders"), "one large order: no second table");
    }

    @Test
    void phaseTable_onlyOrderZero_explainsFailWithoutSplitsOrUnusableOnsets() {
        final Workload w = DataModeTest.workload("""
                swaplayer-workload 1
                swap 2 cluster 1
                region r 64 folio-order 0
                write r 0 64
                pageout r
                """);
        final RunResult r = Experiment.run(TestPolicies.REGISTRY, w, null, null, List.of("buddy"),
                new Simulator.Options(SwapIn.FOLIO, 1, false), null);
        final StringWriter s = new StringWriter();
        TextReport.phaseTable(r, new PrintWriter(s));
        final String text = s.toString();
        assertEquals(63, r.runs().get(0).totals().failed(0), "one slot for 64 pages");
        assertTrue(text.contains("fail = order-0 pages left resident with no free slot; order 0 has no fallback"),
                text);
        assertFalse(text.contains("split"), text);
        assertTrue(text.contains("unus = unusable") && text.contains("at order 0 when the phase ended: 1.000 only when"
                + " no slot is free"), "the unus column is explained: " + text);
        assertFalse(text.contains("unusable index (unus) first above"), text);
        assertFalse(text.contains("swpout_fallback (fb%) first above"), "order 0 never falls back: " + text);
        final StringWriter large = new StringWriter();
        TextReport.phaseTable(result, new PrintWriter(large));
        assertTrue(large.toString().contains("folios split with no slot for any page"), large.toString());
        assertTrue(large.toString().contains("order-4 unusable index (unus) first above 0.9:\n"), large.toString());
        assertTrue(large.toString().contains("64 KiB swpout_fallback (fb%) first above 1%:\n"), large.toString());
    }

    @Test
    void comparisonTable_rowPerModeAndPolicy_fitsIn100Columns() {
        final RunResult a = Experiment.run(TestPolicies.REGISTRY, Workloads.thpSwapTest(ThpMode.A, 1, 3), "a", 1L,
                List.of("buddy"), new Simulator.Options(SwapIn.PAGE, 1, false), null);
        final StringWriter s = new StringWriter();
        TextReport.comparisonTable(List.of(result, a), new PrintWriter(s));
        final String text = s.toString();
        assertTrue(text.lines().allMatch(l -> l.length() <= 100), text);
        assertEquals(1, text.lines().filter(l -> l.startsWith("-a    buddy")).count(), text);
        assertEquals(4, text.lines().filter(l -> l.startsWith("none ")).count(), text);
        assertTrue(text.lines().anyMatch(l -> l.contains("it 1") && l.contains("it 3") && l.contains("mean")), text);
    }

    /** A copy of {@link #result} in which policy 0 failed {@code failed} large folios in iteration 1. */
    private static RunResult withFailed(final long failed) {
        final int k = result.largeOrder();
        final List<PolicyRun> runs = new ArrayList<>(result.runs());
        final PolicyRun first = runs.get(0);
        final List<PhaseStats> phases = new ArrayList<>(first.phases());
        final PhaseStats it1 = phases.get(1);
        final Counters c = it1.counters().copy();
        c.countFailed(k, failed);
        phases.set(1, new PhaseStats(it1.label(), c, it1.fragmentation(), it1.usedSlots()));
        final Counters totals = first.totals().copy();
        totals.countFailed(k, failed);
        runs.set(0, new PolicyRun(first.policy(), phases, totals, first.seconds(), first.data()));
        return new RunResult(result.workload(), result.mode(), result.swapIn(), result.cpus(), result.seed(),
                result.device(), result.clusterSlots(), result.orders(), runs);
    }

    private static List<String> fields(final String text, final String rowStart) {
        final String row = text.lines().filter(l -> l.startsWith(rowStart)).findFirst().orElseThrow(() ->
                new AssertionError("no row " + rowStart + " in\n" + text));
        return List.of(row.trim().split(" +"));
    }

    @Test
    void phaseTable_largeFailedCount_staysInItsOwnColumn() {
        final StringWriter s = new StringWriter();
        TextReport.phaseTable(withFailed(1_234_567_890L), new PrintWriter(s));
        final String text = s.toString();
        final List<String> f = fields(text, "iteration 1");
        // "iteration", "1", then fb%, fail, unus for each of the 4 policies
        assertEquals(2 + 3 * 4, f.size(), text);
        assertEquals(String.valueOf(1_234_567_890L + result.runs().get(0).phases().get(1).counters()
                .failed(result.largeOrder())), f.get(3), text);
        assertTrue(f.get(4).matches("[01]\\.[0-9]{3}"), "the unusable index after it: " + f.get(4) + "\n" + text);
        final String head = text.lines().filter(l -> l.contains("fb%")).findFirst().orElseThrow();
        final String row = text.lines().filter(l -> l.startsWith("iteration 1")).findFirst().orElseThrow();
        assertEquals(head.indexOf("fail") + "fail".length(), row.indexOf(f.get(3)) + f.get(3).length(),
                "the count is right-aligned under its heading\n" + text);
    }

    @Test
    void comparisonTable_largeFailedCount_staysInItsOwnColumn() {
        final StringWriter s = new StringWriter();
        TextReport.comparisonTable(List.of(withFailed(9_876_543_210L), result), new PrintWriter(s));
        final String text = s.toString();
        final List<String> f = fields(text, "none  " + result.runs().get(0).policy());
        // mode, policy, it 1..3, mean, failed, cmp%, ext max, ext mean
        assertEquals(10, f.size(), text);
        assertTrue(f.get(5).matches("-|[0-9]+\\.[0-9]"), "mean: " + f.get(5) + "\n" + text);
        assertEquals(String.valueOf(9_876_543_210L + result.runs().get(0).totals().failedLarge()), f.get(6), text);
    }

    /**
     * Folio swap-in: the legacy row is marked hypothetical (6.10's allocator never met 6.12's swap-in) in both
     * tables, with its footnote, and the footer names the command of the comparison the C test assumes.
     */
    @Test
    void folioSwapIn_thpSwapTest_marksLegacyHypotheticalAndPointsToPageSwapIn() {
        final RunResult folio = Experiment.run(TestPolicies.REGISTRY, Workloads.thpSwapTest(ThpMode.NONE, 1, 3),
                "none", 1L, TestPolicies.ALL, new Simulator.Options(SwapIn.FOLIO, 1, false), null);
        for (final boolean comparison : new boolean[] {true, false}) {
            final StringWriter s = new StringWriter();
            if (comparison) {
                TextReport.comparisonTable(List.of(folio, folio), new PrintWriter(s));
                assertEquals(2, s.toString().lines().filter(l -> l.startsWith("none  legacy * ")).count(),
                        s.toString());
                assertEquals(6, s.toString().lines().filter(l -> l.matches("none  (cluster|buddy|compound) .*"))
                        .count(), "the other policies unmarked: " + s);
            } else {
                TextReport.phaseTable(folio, new PrintWriter(s));
                assertTrue(s.toString().lines().anyMatch(l -> l.matches(" +legacy \\* +cluster +buddy +compound")),
                        s.toString());
            }
            final String text = s.toString();
            assertTrue(text.contains("\nlegacy * = hypothetical: 6.10's allocator with 6.12's folio swap-in, a"
                    + " pairing no kernel had.\n"), text);
            assertTrue(text.contains("The C test assumes page-by-page swap-in") && text.contains(
                    "\nFor the comparison the test was written for:  ./swaplayer simulate --swapin page\n"), text);
            assertTrue(text.lines().allMatch(l -> l.length() <= 100), text);
        }
        final StringWriter page = new StringWriter();
        TextReport.comparisonTable(List.of(result, result), new PrintWriter(page));
        TextReport.phaseTable(result, new PrintWriter(page));
        assertFalse(page.toString().contains("--swapin page"), "no hint when already page by page: " + page);
        assertFalse(page.toString().contains("*"), "page swap-in is what 6.10 had: nothing hypothetical: " + page);
    }

    /**
     * A compound run reads 0.0 fallback; the table says what took its place: the share stored under compound
     * descriptors (averaged over the iterations as mean is, so that mean + cmp% + the contiguous share is 100)
     * and the descriptors' extents, whole run.
     */
    @Test
    void comparisonTable_compoundPolicy_showsItsCompoundShareAndExtents() {
        final StringWriter s = new StringWriter();
        TextReport.comparisonTable(List.of(result), new PrintWriter(s));
        final String text = s.toString();
        assertTrue(text.lines().anyMatch(l -> l.matches("mode +policy .* mean +failed +cmp% +ext max +ext mean")),
                text);
        final PolicyRun compound = result.runs().get(3);
        assertEquals("compound", compound.policy());
        final int k = result.largeOrder();
        double sum = 0;
        for (int i = result.firstMeasured(); i < compound.phases().size(); i++) {
            final Counters c = compound.phases().get(i).counters();
            sum += 100.0 * c.swpoutCompound(k) / (c.swpout(k) + c.swpoutCompound(k) + c.swpoutFallback(k));
        }
        final double cmp = sum / (compound.phases().size() - result.firstMeasured());
        assertTrue(cmp > 10, "page swap-in in mode none: folios go under descriptors from iteration 2: " + cmp);
        final List<String> f = fields(text, "none  compound");
        assertEquals(List.of(String.format(Locale.ROOT, "%.1f", cmp), Integer.toString(compound.totals()
                .extentsMax()), String.format(Locale.ROOT, "%.2f", compound.totals().extentsMean())),
                f.subList(7, 10), text);
        assertEquals(List.of("-", "-", "-"), fields(text, "none  buddy").subList(7, 10), "no descriptor: " + text);
        assertTrue(text.contains("cmp% = %\nstored whole under a compound descriptor (swpout_compound)"), text);
    }

    /** The phase table: its compound line gives the share of the largest order's swap-outs, whole run. */
    @Test
    void phaseTable_compoundPolicy_givesItsShareOfTheSwapOuts() {
        final StringWriter s = new StringWriter();
        TextReport.phaseTable(result, new PrintWriter(s));
        final Counters c = result.runs().get(3).totals();
        final long all = c.swpout(4) + c.swpoutCompound(4) + c.swpoutFallback(4);
        assertTrue(s.toString().contains(String.format(Locale.ROOT, "%ncompound: %,d of the %,d 64 KiB swap-outs"
                + " (%.1f%%, whole run) stored under compound descriptors;%n  extents max %d, mean %.2f%n",
                c.swpoutCompound(4), all, 100.0 * c.swpoutCompound(4) / all, c.extentsMax(), c.extentsMean())),
                s.toString());
    }

    /**
     * The closing rows differ by the warm-up: with page swap-in legacy falls back on every folio of every
     * iteration (mean 100.0) but not in the warm-up, which the whole run pools in; the legend says so.
     */
    @Test
    void phaseTable_meanLeavesTheWarmUpOut_wholeRunPoolsItIn() {
        final StringWriter s = new StringWriter();
        TextReport.phaseTable(result, new PrintWriter(s));
        final String text = s.toString();
        final PolicyRun legacy = result.runs().get(0);
        assertEquals(ratio(TextReport.meanRatio(result, legacy, 4)), fields(text, "mean ").get(1), text);
        assertEquals(ratio(legacy.totals().fallbackRatio(4)), fields(text, "whole run").get(2), text);
        assertTrue(legacy.phases().get(0).counters().fallbackRatio(4) < TextReport.meanRatio(result, legacy, 4),
                "the warm-up falls back less than the iterations: the two rows differ");
        assertTrue(text.contains("\nmean = mean of the phases' fb% without the warm-up; whole run = all swap-outs,"
                + " warm-up included;\n"), text);
        final StringWriter c = new StringWriter();
        TextReport.comparisonTable(List.of(result), new PrintWriter(c));
        assertEquals(fields(text, "mean ").get(1), fields(c.toString(), "none  legacy").get(5),
                "the phase table's mean is the comparison table's");
    }

    private static String ratio(final double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** The metadata budget's lines name the mode as the tables do: {@code -a}, not the option value {@code a}. */
    @Test
    void metadataBudget_linesNameTheModeAsTheTablesDo() {
        final Simulator.Options budget = new Simulator.Options(SwapIn.PAGE, 1, false, DataOptions.NONE, 0, 0);
        final RunResult a = Experiment.run(TestPolicies.REGISTRY, Workloads.thpSwapTest(ThpMode.A, 1, 2), "a", 1L,
                List.of("cluster", "buddy"), budget, null);
        final StringWriter s = new StringWriter();
        RunNotes.metadataBudget(List.of(a), new PrintWriter(s));
        final List<String> lines = s.toString().lines().toList();
        assertEquals(3, lines.size(), s.toString());
        assertEquals("metadata budget 0 clusters (cluster requests refused, allocations degraded into clusters",
                lines.get(0));
        final MetadataStats m = a.runs().get(1).metadata();
        assertEquals(String.format(Locale.ROOT, "  %-18s %,d refused, %,d degraded, %,d reserve lends, %,d descriptors"
                + " refused", "-a buddy", m.refusedClusters(), m.degraded(), m.reserveLends(),
                m.refusedDescriptors()), lines.get(2), "the cluster model preallocates: no line of its own");
        final StringWriter none = new StringWriter();
        RunNotes.metadataBudget(List.of(result), new PrintWriter(none));
        assertEquals("", none.toString(), "no budget, no lines");
    }

    @Test
    void shownPhases_manyPhases_keepsFirstSixEveryTenthAndLast() {
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100),
                TextReport.shownPhases(101));
        assertEquals(25, TextReport.shownPhases(25).size());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 10, 20, 26), TextReport.shownPhases(27));
    }

    @Test
    void outputDirectory_writesACsvPerPolicyAndTwoCharts() throws Exception {
        final Path out = dir.resolve("a/b");
        OutputDirectory.prepare(out);
        final List<Path> files = OutputDirectory.write(out, List.of(result));
        assertEquals(6, files.size());
        final List<String> csv = Files.readAllLines(out.resolve("thp-swap-test-none-compound.csv"));
        assertEquals(5, csv.size(), "header and one row per phase");
        assertTrue(csv.get(0).startsWith("phase,label,used_slots,extents_max,extents_mean,o4_swpout,"), csv.get(0));
        assertTrue(csv.get(0).endsWith(",free_blocks_9"), csv.get(0));
        assertEquals(csv.get(0).split(",").length, csv.get(2).split(",", -1).length);
        assertTrue(csv.get(2).startsWith("1,iteration 1,"), csv.get(2));
        for (final String png : List.of("thp-swap-test-none-fallback.png", "thp-swap-test-none-unusable.png")) {
            final byte[] b = Files.readAllBytes(out.resolve(png));
            assertTrue(b.length > 1000 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G', png);
        }
    }
}
