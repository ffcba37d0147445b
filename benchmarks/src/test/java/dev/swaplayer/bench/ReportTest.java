package dev.swaplayer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The JSON and Markdown writers produce the benchmark report's schema from a fixed set of results.
 *
 * <p>Thread safety: JUnit runs it on one thread; each test builds its own results from {@link #fixed()}.
 */
class ReportTest {
    private static final double EPS = 1e-9;

    static Results fixed() {
        final Results r = new Results(new Environment("2026-01-02T03:04:05Z", "./swaplayer bench --quick", "Test CPU",
                2, "24 GiB", "Linux 6.1 amd64", "OpenJDK 17", "1 fork", "synthetic"));
        final String[] policies = {"bitmap", "buddy", "compound", "cluster", "legacy", "buddy_unlocked", "bestfit"};
        final double[] order0 = {10, 9, 8, 4, 2, 10, 9.5};
        final double[] order4 = {5, 6, 3, 5, 1, 8, 7.5};
        for (int i = 0; i < policies.length; i++) {
            r.put(Ratios.allocKey(policies[i], "order0", "1t"), new Score(order0[i], 0.1, "ops/us"));
            r.put(Ratios.allocKey(policies[i], "order4", "1t"), new Score(order4[i], 0.1, "ops/us"));
        }
        r.put(Ratios.allocKey("buddy", "order0", "1t") + ".fails", new Score(0.09, 0.01, "ops/us"));
        r.put("simulate.buddy", new Score(1300, 50, "ms/op"));
        r.put("simulate.compound", new Score(2600, 100, "ms/op"));
        r.put("swap.swapOut", new Score(30, 1, "ops/ms"));
        r.put("swap.rawWrite", new Score(40, 1, "ops/ms"));
        r.put("swap.swapIn", new Score(45, 1, "ops/ms"));
        r.put("swap.rawRead", new Score(50, 1, "ops/ms"));
        r.put("compress.zstd.4096.compress", new Score(2, 0.1, "ops/ms"));
        r.put("compress.zstd.65536.compress", new Score(5, 0.1, "ops/ms"));
        r.add(new MemoryRow("buddy", 1 << 18, 0, 0, 2621));
        r.add(new MemoryRow("buddy", 1 << 18, 0.25, 65536, 131072));
        r.add(new MemoryRow("buddy", 1 << 18, 1.0, 262000, 524000));
        r.add(new MemoryRow("buddy", 1 << 24, 0, 0, 83886));
        r.add(new MemoryRow("buddy", 1 << 24, 0.5, 1 << 23, 3L << 23));
        r.add(new MemoryRow("cluster", 1 << 18, 0, 0, 300000));
        r.putPair("buddy_vs_bitmap_order0", new double[] {9}, new double[] {10});
        r.putPair("buddy_vs_cluster_order0", new double[] {9}, new double[] {4});
        r.putPair("buddy_vs_cluster_order4", new double[] {6}, new double[] {5});
        r.putPair("compound_vs_cluster_order4", new double[] {3}, new double[] {5});
        r.putPair("buddy_vs_unlocked_order0", new double[] {9}, new double[] {10});
        r.putPair("buddy_vs_unlocked_order4", new double[] {6}, new double[] {8});
        r.putPair("buddy_vs_bestfit_order0", new double[] {19}, new double[] {20});
        r.putPair("buddy_vs_bestfit_order4", new double[] {8}, new double[] {10});
        r.putScale("create_ms", 12.5);
        r.putScale("peak_heap_bytes", 1L << 30);
        r.add(new ScaleRow("buddy", 1L << 18, 200, 180, 260, 50, 3L << 20, 20L << 20, 0));
        r.add(new ScaleRow("buddy", 1L << 28, 500, 450, 700, 90000, 260L << 20, 400L << 20, 0));
        r.add(new ScaleRow("cluster", 1L << 18, 100, 90, 110, 40, 1L << 20, 10L << 20, 0));
        r.add(new ScaleRow("cluster", 1L << 28, 120, 110, 150, 8000, 300L << 20, 500L << 20, 2));
        r.putCheck("states", 1_900_000);
        r.putCheck("states_per_s", 20_400.0);
        r.note("legacy has no two-thread figures");
        return r;
    }

    @Test
    void theGoalsAreThoseOfThePerformanceTableWithTheirBounds() throws Exception {
        final Map<String, Goal> goals = new HashMap<>();
        Goal.all(fixed()).forEach(g -> goals.put(g.key(), g));
        for (final String s : List.of("order0", "order4", "mixed")) {
            assertEquals(1.2, goals.get("throughput_ratio.buddy_vs_cluster_" + s).limit(), EPS, s);
            assertEquals(1.0, goals.get("throughput_ratio.buddy_vs_cluster_" + s + "_2t").limit(), EPS, s);
        }
        for (final String s : List.of("order0", "order4")) {
            assertEquals(1.2, goals.get("throughput_ratio.compound_vs_cluster_" + s).limit(), EPS, s);
            assertEquals(1.0, goals.get("throughput_ratio.compound_vs_cluster_" + s + "_2t").limit(), EPS, s);
        }
        assertEquals(0.25, goals.get("throughput_ratio.buddy_vs_bitmap_order0").limit(), EPS);
        assertEquals("met", goals.get("throughput_ratio.buddy_vs_bitmap_order0").verdict(), "0.9 in the fixed run");
        final Goal order0 = goals.get("throughput_ratio.buddy_vs_cluster_order0");
        assertEquals(9.0 / 4, order0.measured(), EPS);
        assertEquals("not measured", goals.get("throughput_ratio.buddy_vs_cluster_order0_2t").verdict());
        final Goal simulate = goals.get("simulate_ms.compound_vs_buddy");
        assertEquals(2600.0 / 1300, simulate.measured(), EPS);
        assertEquals("met", simulate.verdict(), "at most twice buddy's time, and exactly twice here");
        final Goal order4 = goals.get("throughput_ratio.buddy_vs_cluster_order4");
        assertEquals("met", order4.verdict(), "6 against 5 is exactly the bound 1.2");
        assertEquals("not met", goals.get("throughput_ratio.compound_vs_cluster_order4").verdict(), "3 against 5");
        final JsonNode j = new ObjectMapper().readTree(JsonReport.render(fixed()));
        assertEquals(2.0, j.at("/simulate_ms/compound_vs_buddy").asDouble(), EPS);
    }

    @Test
    void theSimulationGoalTakesThePairsMedianOverJmhsSeparateForks() throws Exception {
        final Results r = fixed(); // JMH's single shots: 2600 against 1300 ms, exactly the bound
        r.putSimulatePair(new double[] {180, 300, 140}, new double[] {100, 150, 100});
        final Goal simulate = Goal.all(r).stream().filter(g -> g.key().equals("simulate_ms.compound_vs_buddy"))
                .findFirst().orElseThrow();
        assertEquals(1.8, simulate.measured(), EPS, "the median of the forks' ratios 1.8, 2.0 and 1.4");
        final JsonNode j = new ObjectMapper().readTree(JsonReport.render(r));
        assertEquals(1.8, j.at("/simulate_ms/compound_vs_buddy").asDouble(), EPS);
        assertEquals(1.8, j.at("/simulate_ms/pair/ratio").asDouble(), EPS);
        assertEquals(300, j.at("/simulate_ms/pair/forks_compound_ms/1").asDouble(), EPS);
        assertEquals(150, j.at("/simulate_ms/pair/forks_buddy_ms/1").asDouble(), EPS);
        assertEquals(2600, j.at("/simulate_ms/compound").asDouble(), EPS, "JMH's score stays in the table");
        final String md = MarkdownReport.render(r, "");
        assertTrue(md.contains("| **1.80×** | [1.40×, 2.00×] | 3 | 180 | 100 |"), md);

        r.putSimulatePair(new double[] {210, 250, 200}, new double[] {100, 100, 100});
        assertEquals("not met", Goal.all(r).stream().filter(g -> g.key().equals("simulate_ms.compound_vs_buddy"))
                .findFirst().orElseThrow().verdict(), "2.1 in the pairs, though JMH's shots read exactly 2");
    }

    @Test
    void jsonHasTheReportKeysWithRatiosOfTheFixedScores() throws Exception {
        final JsonNode j = new ObjectMapper().readTree(JsonReport.render(fixed()));
        assertEquals(0.9, j.at("/throughput_ratio/buddy_vs_bitmap_order0").asDouble(), EPS);
        assertEquals(9.0 / 4, j.at("/throughput_ratio/buddy_vs_cluster_order0").asDouble(), EPS);
        assertEquals(6.0 / 5, j.at("/throughput_ratio/buddy_vs_cluster_order4").asDouble(), EPS);
        assertEquals(3.0 / 5, j.at("/throughput_ratio/compound_vs_cluster_order4").asDouble(), EPS);
        assertEquals(0.95, j.at("/throughput_ratio/buddy_vs_bestfit_order0").asDouble(), EPS,
                "from the pair (19 against 20), not from the separate one-thread scores (9 against 9.5)");
        assertEquals(0.8, j.at("/throughput_ratio/buddy_vs_bestfit_order4").asDouble(), EPS);
        assertEquals(0.75, j.at("/file_swapout_vs_raw").asDouble(), EPS);
        assertEquals(0.9, j.at("/file_swapin_vs_raw").asDouble(), EPS);
        assertEquals(0.4, j.at("/zstd_cpu_64k_vs_4k").asDouble(), EPS);
        // static: the larger of the two empty devices; per used slot: the largest at any use
        assertEquals(Math.max(2621.0 / (1 << 18), 83886.0 / (1 << 24)), j.at("/memory/static_bytes_per_slot")
                .asDouble(), EPS);
        assertEquals(3.0, j.at("/memory/bytes_per_used_slot").asDouble(), EPS);
        assertTrue(j.at("/throughput_ratio/buddy_vs_cluster_order0_2t").isNull(), "not measured is null");
        assertTrue(j.at("/lz4_cpu_64k_vs_4k").isNull());
        assertEquals("./swaplayer bench --quick", j.at("/command").asText());
        assertEquals(2, j.at("/machine/cores").asInt());
        assertEquals(12.5, j.at("/scale/create_ms").asDouble(), EPS);
        assertEquals(6, j.at("/memory/rows").size());
    }

    @Test
    void goalsSayMetOrNotAgainstTheirBounds() throws Exception {
        final JsonNode goals = new ObjectMapper().readTree(JsonReport.render(fixed())).get("goals");
        assertEquals(26, goals.size());
        final Map<String, String> verdict = new HashMap<>();
        goals.forEach(g -> verdict.put(g.get("key").asText(), g.get("verdict").asText()));
        assertEquals("met", verdict.get("memory.static_bytes_per_slot"));
        assertEquals("met", verdict.get("memory.bytes_per_used_slot"));
        assertEquals("met", verdict.get("throughput_ratio.buddy_vs_bitmap_order0"));
        assertEquals("not met", verdict.get("throughput_ratio.compound_vs_cluster_order4"));
        assertEquals("met", verdict.get("throughput_ratio.buddy_vs_bestfit_order0"), "paired 19 / 20 >= 0.9");
        assertEquals("not met", verdict.get("throughput_ratio.buddy_vs_bestfit_order4"), "paired 8 / 10 < 0.9");
        assertEquals("met", verdict.get("file_swapout_vs_raw"));
        assertEquals("met", verdict.get("zstd_cpu_64k_vs_4k"));
        assertEquals("met", verdict.get("throughput_ratio.buddy_vs_unlocked_order0"), "9 / 10 >= 0.9");
        assertEquals("not met", verdict.get("throughput_ratio.buddy_vs_unlocked_order4"), "6 / 8 < 0.9");
        assertEquals("not met", verdict.get("scale.per_op_1tib_vs_1gib"), "500 / 200 > 1.5");
        assertEquals("met", verdict.get("check_states_per_s_vs_baseline"), "20400 / 6800 >= 3");
    }

    @Test
    void theScaleCurveAndTheCheckersSpeedGoToBothReports() throws Exception {
        final JsonNode j = new ObjectMapper().readTree(JsonReport.render(fixed()));
        assertEquals(2.5, j.at("/scale/per_op_1tib_vs_1gib").asDouble(), EPS);
        assertEquals(1.2, j.at("/scale/cluster_per_op_1tib_vs_1gib").asDouble(), EPS);
        assertTrue(j.at("/scale/bitmap_per_op_1tib_vs_1gib").isNull(), "not measured");
        assertEquals(4, j.at("/scale/curve").size());
        assertEquals("cluster", j.at("/scale/curve/3/policy").asText());
        assertEquals(1L << 28, j.at("/scale/curve/3/slots").asLong());
        assertEquals(120, j.at("/scale/curve/3/per_op_ns").asDouble(), EPS);
        assertEquals(110, j.at("/scale/curve/3/per_op_min_ns").asDouble(), EPS);
        assertEquals(150, j.at("/scale/curve/3/per_op_max_ns").asDouble(), EPS);
        assertEquals(2, j.at("/scale/curve/3/fails").asLong());
        assertEquals(20_400, j.at("/check_states_per_s").asDouble(), EPS);
        assertEquals(3.0, j.at("/check_states_per_s_vs_baseline").asDouble(), EPS);
        assertEquals(1_900_000, j.at("/check/states").asLong());
        final String md = MarkdownReport.render(fixed(), "");
        assertTrue(md.contains("| 1 TiB | buddy | 500 (450–700) | 2.50× | 90000 | 260.0 MiB | 400.0 MiB | 0 |"), md);
        assertTrue(md.contains("| 1 GiB | cluster | 100 (90.0–110) | 1.00× | 40.0 | 1.0 MiB | 10.0 MiB | 0 |"), md);
        assertTrue(md.contains("* `scale.per_op_1tib_vs_1gib`: 2.50×"), md);
        assertTrue(md.contains("| states_per_s | 20400 |"), md);
        assertTrue(md.contains("| check_states_per_s_vs_baseline | 3.00× |"), md);
    }

    @Test
    void withoutTheScaleCurveOrTheCheckerTheirKeysAreNullAndTheirGoalsNotMeasured() throws Exception {
        final Results r = new Results(fixed().environment());
        final JsonNode j = new ObjectMapper().readTree(JsonReport.render(r));
        assertTrue(j.at("/scale/per_op_1tib_vs_1gib").isNull());
        assertTrue(j.at("/check_states_per_s").isNull());
        assertTrue(j.at("/check_states_per_s_vs_baseline").isNull());
        final String md = MarkdownReport.render(r, "");
        assertTrue(!md.contains("## Scale") && !md.contains("## Exhaustive checker"), md);
    }

    @Test
    void simulationTimesGoToTheJsonAndATableWithTheTwoSecondTarget() throws Exception {
        final JsonNode j = new ObjectMapper().readTree(JsonReport.render(fixed()));
        assertEquals(1300, j.at("/simulate_ms/buddy").asDouble(), EPS);
        assertEquals(2600, j.at("/simulate_ms/compound").asDouble(), EPS);
        assertTrue(j.at("/simulate_ms/legacy").isMissingNode(), "not measured: absent");
        final String md = MarkdownReport.render(fixed(), "");
        assertTrue(md.contains("| buddy | 1300 | 50.0 | 1.00× | yes |"), md);
        assertTrue(md.contains("| compound | 2600 | 100 | 2.00× | no |"), md);
    }

    @Test
    void markdownAllocatorTable_pluginRowsFollowTheBuiltIns_baselinesOtherThanTheBitmapDoNot() {
        final Results r = fixed();
        r.put(Ratios.allocKey("firstfit", "order0", "1t"), new Score(3, 0.1, "ops/us"));
        final String md = MarkdownReport.render(r, "");
        assertEquals(List.of("bitmap", "buddy", "compound", "cluster", "legacy", "bestfit", "firstfit"),
                MarkdownReport.allocPolicies(r), "bestfit, measured beside buddy, is a row too, by name");
        assertTrue(md.contains("| order0 | bestfit | 9.500 |"), md);
        assertTrue(md.contains("| order0 | firstfit | 3.000 | 0.100 | 0.30× | 0.75× |"), md);
        assertTrue(md.indexOf("| order0 | legacy |") < md.indexOf("| order0 | firstfit |"), md);
        assertTrue(!md.contains("| buddy_unlocked |"), md);
    }

    @Test
    void markdownHasTheEnvironmentTablesAndKeepsTheAnalysis() {
        final String previous = "# old\n" + MarkdownReport.NOTES_BEGIN + "\nProfile: hot frame X.\n"
                + MarkdownReport.NOTES_END + "\ntrailer";
        final String md = MarkdownReport.render(fixed(), MarkdownReport.keptNotes(previous));
        assertTrue(md.contains("| command | `./swaplayer bench --quick` |"), md);
        assertTrue(md.contains("| date | 2026-01-02T03:04:05Z |"));
        assertTrue(md.contains("| machine | Test CPU, 2 cores, 24 GiB |"));
        assertTrue(md.contains("| order0 | buddy | 9.000 | 0.100 | 0.90× | 2.25× | 1.00% |"), md);
        assertTrue(md.contains("| swapOut | 1875 | 62.5 | 0.75× |"), md);
        assertTrue(md.contains("| `zstd_cpu_64k_vs_4k` | 0.40× |"));
        assertTrue(md.contains("| 1 GiB | buddy | 0.0100 | 2.000 | – | 2.000 | 1.999 |"), md);
        assertTrue(md.contains("| compound vs the cluster model, order 4, one thread | "
                + "`throughput_ratio.compound_vs_cluster_order4` | 0.600 | ≥ 1.200 | not met |"), md);
        assertTrue(md.contains("| peak_heap_bytes | 1024.0 MiB |"), md);
        assertTrue(md.contains("* legacy has no two-thread figures"));
        assertTrue(md.contains("Profile: hot frame X."), "the hand-written analysis is kept");
        assertTrue(!md.contains("trailer"));
    }

    @Test
    void pairsGiveMedianRatiosWithIntervalsInBothReports() throws Exception {
        final Results r = fixed();
        r.putPair("cluster_vs_unlocked_order0", new double[] {18, 6, 17, 19, 18},
                new double[] {20, 20, 20, 19, 20});
        final JsonNode j = new ObjectMapper().readTree(JsonReport.render(r));
        assertEquals(0.9, j.at("/throughput_ratio/cluster_vs_unlocked_order0").asDouble(), EPS,
                "the median of 0.9, 0.3, 0.85, 1.0, 0.9: the slow fork does not move it");
        final JsonNode c = j.at("/lock_cost/cluster_vs_unlocked_order0");
        assertEquals(0.9, c.get("ratio").asDouble(), EPS);
        assertTrue(c.get("low").asDouble() < 0.9 && c.get("high").asDouble() >= 0.9, c.toString());
        assertEquals(6, c.at("/forks_measured/1").asDouble(), EPS);
        assertEquals(5, c.get("forks_baseline").size());
        assertTrue(j.at("/lock_cost/buddy_vs_unlocked_mixed").isMissingNode(), "not measured: absent");
        assertTrue(j.at("/throughput_ratio/buddy_vs_unlocked_mixed").isNull(), "not measured: null");
        final String md = MarkdownReport.render(r, "");
        assertTrue(md.contains("| cluster_vs_unlocked_order0 | 18.0 | 20.0 | 0.90× | ["), md);
        assertTrue(md.contains("| 5 |\n"), md);
    }

    @Test
    void theBestFitPairGivesThePlacementGoalsAndItsOwnSection() throws Exception {
        final Results r = fixed();
        r.putPair("buddy_vs_bestfit_order4", new double[] {9, 9, 8, 9, 10}, new double[] {10, 10, 10, 10, 10});
        final JsonNode j = new ObjectMapper().readTree(JsonReport.render(r));
        assertEquals(0.9, j.at("/throughput_ratio/buddy_vs_bestfit_order4").asDouble(), EPS,
                "the median of the forks' ratios, not the separate one-thread scores (6 against 7.5)");
        assertEquals(5, j.at("/placement_cost/buddy_vs_bestfit_order4/forks_measured").size());
        assertTrue(j.at("/lock_cost/buddy_vs_bestfit_order4").isMissingNode(), "not a lock pair");
        assertTrue(j.at("/placement_cost/buddy_vs_unlocked_order0").isMissingNode(), "not a placement pair");
        final String md = MarkdownReport.render(r, "");
        final int placement = md.indexOf("## The grouped placement's cost");
        assertTrue(placement > 0 && md.indexOf("| buddy_vs_bestfit_order4 | 9.000 | 10.0 | 0.90× | [", placement) > 0,
                md);
    }

    @Test
    void theOneThreadGoalsComeFromPairsNotFromSeparateForks() throws Exception {
        final Results r = fixed();
        r.putPair("buddy_vs_cluster_order0", new double[] {10, 11, 12, 11, 10}, new double[] {9, 9, 9, 9, 9});
        r.putPair("buddy_vs_bitmap_order0", new double[] {8, 8, 8}, new double[] {20, 20, 20});
        r.put(Ratios.allocKey("buddy", "order0", "2t"), new Score(3, 0.1, "ops/us"));
        r.put(Ratios.allocKey("cluster", "order0", "2t"), new Score(2, 0.1, "ops/us"));
        final JsonNode j = new ObjectMapper().readTree(JsonReport.render(r));
        assertEquals(11.0 / 9, j.at("/throughput_ratio/buddy_vs_cluster_order0").asDouble(), EPS,
                "the median fork of the pair, not the separate scores (9 against 4); above 1: kept as measured");
        assertEquals(0.4, j.at("/throughput_ratio/buddy_vs_bitmap_order0").asDouble(), EPS,
                "0.4 in the pair, as measured, though buddy alone (9) ran 9/8 of its speed in the pair (8)");
        assertEquals(9.0 / 8, j.at("/baseline_pairs/buddy_vs_bitmap_order0/solo_factor").asDouble(), EPS);
        assertTrue(j.at("/throughput_ratio/buddy_vs_cluster_order0_2t").isNull(),
                "the separate two-thread scores (3 against 2) give no goal figure without the two-thread pair");
        assertTrue(j.at("/throughput_ratio/compound_vs_cluster_order0").isNull(), "no pair: not measured");
        assertEquals(5, j.at("/baseline_pairs/buddy_vs_cluster_order0/forks_measured").size());
        assertTrue(j.at("/lock_cost/buddy_vs_cluster_order0").isMissingNode(), "not a lock pair");
        assertTrue(j.at("/placement_cost/buddy_vs_bitmap_order0").isMissingNode(), "not a placement pair");
        final String md = MarkdownReport.render(r, "");
        final int pairs = md.indexOf("## One thread against the cluster model and the bitmap, in pairs");
        assertTrue(pairs > md.indexOf("### Two threads") && pairs < md.indexOf("## The locks' cost"), md);
        assertTrue(md.indexOf("| buddy_vs_cluster_order0 | 11.0 | 9.000 | 1.22× | [", pairs) > 0, md);
        assertTrue(md.contains("| buddy vs the cluster model, order 0, one thread | "
                + "`throughput_ratio.buddy_vs_cluster_order0` | 1.222 | ≥ 1.200 | met |"), md);
    }

    @Test
    void theTwoThreadGoalsComeFromTheTwoThreadPairs() throws Exception {
        final Results r = fixed();
        r.put(Ratios.allocKey("buddy", "order4", "2t"), new Score(2, 0.1, "ops/us"));
        r.put(Ratios.allocKey("cluster", "order4", "2t"), new Score(4, 0.1, "ops/us"));
        r.putPair("buddy_vs_cluster_2t_order4", new double[] {3, 3.3, 3.6}, new double[] {3, 3, 3});
        final JsonNode j = new ObjectMapper().readTree(JsonReport.render(r));
        assertEquals(1.1, j.at("/throughput_ratio/buddy_vs_cluster_order4_2t").asDouble(), EPS,
                "the median fork of the pair, not the separate two-thread scores (2 against 4)");
        assertEquals(3, j.at("/two_thread_pairs/buddy_vs_cluster_2t_order4/forks_baseline").size());
        assertTrue(j.at("/baseline_pairs/buddy_vs_cluster_2t_order4").isMissingNode(), "not a one-thread pair");
        final String md = MarkdownReport.render(r, "");
        final int pairs = md.indexOf("## Two threads against the cluster model, in pairs");
        assertTrue(pairs > 0 && md.indexOf("| buddy_vs_cluster_2t_order4 | 3.300 | 3.000 | 1.10× | [", pairs) > 0, md);
        assertTrue(md.contains("| buddy vs the cluster model, order 4, two threads | "
                + "`throughput_ratio.buddy_vs_cluster_order4_2t` | 1.100 | ≥ 1.000 | met |"), md);
        r.putPair("compound_vs_cluster_2t_order0", new double[] {2, 2, 2}, new double[] {4, 4, 4});
        r.put(Ratios.allocKey("compound", "order0", "2t"), new Score(2.5, 0.1, "ops/us"));
        assertEquals(0.5, Ratios.throughput(r).get("compound_vs_cluster_order0_2t"), EPS,
                "below 1 and as paired, though the two-thread score alone read 2.5 against 2 in the pair");
    }

    @Test
    void aFirstReportGetsAnEmptyAnalysisBetweenTheMarkers() {
        final String notes = MarkdownReport.keptNotes(null);
        assertTrue(notes.startsWith(MarkdownReport.NOTES_BEGIN) && notes.endsWith(MarkdownReport.NOTES_END));
    }
}
