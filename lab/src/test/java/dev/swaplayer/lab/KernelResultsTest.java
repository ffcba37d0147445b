package dev.swaplayer.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swaplayer.simulator.JsonReport;
import dev.swaplayer.simulator.PhaseStats;
import dev.swaplayer.simulator.RunResult;
import dev.swaplayer.simulator.SwapIn;
import dev.swaplayer.simulator.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link KernelResults}: a runner's report mapped onto the results schema and its JSON, and the reports that are no
 * measurement refused.
 *
 * <p>Thread safety: JUnit runs it on one thread; each test parses its own report, and the shared sample is only read.
 */
class KernelResultsTest {
    /** The workload RunnerReportTest.SAMPLE was made for: 64 pages, cluster 16, one region of 64 KiB folios. */
    static Workload workload() {
        final Workload.Builder b = Workload.builder("tiny.swl", 64, 16);
        final int m = b.region("m", 32, 4);
        b.phase("warm-up").write(m, 0, 32).pageout(m);
        b.phase("iteration 1").dontneed(m, 0, 16).write(m, 0, 1).pageout(m);
        return b.build();
    }

    @Test
    void mapsTheKernelCountersOntoTheSchema() {
        final RunnerReport report = RunnerReport.parse(RunnerReportTest.SAMPLE);
        final RunResult r = KernelResults.toRunResult(workload(), null, null, SwapIn.PAGE, report, 42.0);
        assertEquals(1, r.runs().size());
        assertEquals("6.12.117+deb13-amd64", r.runs().get(0).policy(), "the kernel's release is the policy");
        final PhaseStats warm = r.runs().get(0).phases().get(0);
        final PhaseStats it1 = r.runs().get(0).phases().get(1);
        assertEquals(2, warm.counters().swpout(4));
        assertEquals(0, warm.counters().swpoutFallback(4));
        assertEquals(0, warm.counters().swpout(0), "32 pages written, all of them in the two 64 KiB folios");
        assertEquals(32, warm.usedSlots(), "used_kib 128 = 32 pages");
        assertEquals(0, it1.counters().swpout(4));
        assertEquals(1, it1.counters().swpoutFallback(4));
        assertEquals(19, it1.counters().swpout(0), "pswpout +19, no large folio stored whole: 19 order-0 pages");
        assertEquals(100.0, it1.counters().fallbackRatio(4));
        assertEquals(2, r.runs().get(0).totals().swpout(4));
        assertEquals(1, r.runs().get(0).totals().swpoutFallback(4));
        assertEquals(0, r.runs().get(0).totals().failedLarge(), "the kernel has no such counter");
        assertEquals(42.0, r.runs().get(0).seconds());
    }

    @Test
    void theJsonIsReplaysSchemaPlusTheKernelsCounters() throws Exception {
        final RunnerReport report = RunnerReport.parse(RunnerReportTest.SAMPLE);
        final RunResult r = KernelResults.toRunResult(workload(), null, null, SwapIn.PAGE, report, 42.0);
        final KernelFacts facts = new KernelFacts(report, "debian:trixie linux-image-x", "./swaplayer kernel-run",
                "tcg", 42.0, null);
        final JsonNode o = new ObjectMapper().readTree(KernelResults.toJsonLine(r, Map.of(report.release(), facts)));
        final JsonNode plain = new ObjectMapper().readTree(JsonReport.toJsonLine(r));
        assertEquals(plain.get("workload"), o.get("workload"));
        assertEquals(plain.get("device"), o.get("device"));
        final JsonNode p = o.get("policies").get(0);
        assertEquals(plain.get("policies").get(0).get("totals"), p.get("totals"), "the schema's own fields unchanged");
        assertEquals(1, p.get("phases").get(1).get("orders").get("4").get("swpout_fallback").asLong());
        assertTrue(p.get("phases").get(0).get("free_blocks").isNull(), "no free-block view of a kernel's device");
        assertEquals(0, p.get("phases").get(0).get("unusable_index").size());
        final JsonNode k = p.get("kernel");
        assertEquals("6.12.117+deb13-amd64", k.get("release").asText());
        assertEquals("always", k.get("mthp_enabled").get("64kB").asText());
        assertEquals(16, k.get("totals").get("vmstat").get("pswpin").asLong());
        assertEquals(3, k.get("totals").get("mthp").get("64kB").get("anon_fault_alloc").asLong());
        assertEquals(19, p.get("phases").get(1).get("kernel").get("vmstat").get("pswpout").asLong());
        assertEquals(76, p.get("phases").get(1).get("kernel").get("swap_used_kib").asLong());
        assertTrue(k.get("swapin_problem").isNull());
        assertEquals("pswpin +16; 64kB: swpout+swpout_fallback 3 vs anon_fault_alloc 3",
                k.get("swapin_evidence").asText());
    }

    @Test
    void aReportOfAnotherScriptIsRejected() {
        final RunnerReport report = RunnerReport.parse(RunnerReportTest.SAMPLE);
        final Workload.Builder b = Workload.builder("other.swl", 64, 16);
        final int m = b.region("m", 32, 4);
        b.phase("warm-up").write(m, 0, 32);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelResults.toRunResult(b.build(), null, null, SwapIn.PAGE, report, 1));
        assertEquals("runner report phases: 2 (expected: the 1 phases of the script, same labels in the same order)",
                e.getMessage());
        final Workload bigger = Workload.builder("x", 128, 16).phase("p").build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KernelResults.toRunResult(bigger, null, null,
                SwapIn.PAGE, report, 1)).getMessage().startsWith("runner report geometry: swap 64 cluster 16"));
    }

    @Test
    void aCounterThatGoesDownIsNotAMeasurement() {
        final List<String> lines = new ArrayList<>(RunnerReportTest.SAMPLE);
        lines.set(lines.indexOf("counter vmstat pswpout 51"), "counter vmstat pswpout 20");
        final RunnerReport report = RunnerReport.parse(lines);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelResults.toRunResult(workload(), null, null, SwapIn.PAGE, report, 1));
        assertEquals("vmstat.pswpout: went down by 12 (expected: counters that only grow within one boot)",
                e.getMessage());
    }

    @Test
    void fewerPagesWrittenThanTheLargeFoliosHoldIsRejected() {
        final List<String> lines = new ArrayList<>(RunnerReportTest.SAMPLE);
        lines.set(lines.indexOf("counter vmstat pswpout 32"), "counter vmstat pswpout 31");
        final RunnerReport report = RunnerReport.parse(lines);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelResults.toRunResult(workload(), null, null, SwapIn.PAGE, report, 1));
        assertEquals("pswpout: 31 (expected: at least the 32 pages of the large folios swapped out)", e.getMessage());
    }

    @Test
    void pageSwapInIsCheckedInTheCounters() {
        final RunnerReport ok = RunnerReport.parse(RunnerReportTest.SAMPLE);
        assertNull(KernelResults.swapInProblem(SwapIn.PAGE, ok));

        final List<String> withSwpin = new ArrayList<>(RunnerReportTest.SAMPLE);
        withSwpin.add(withSwpin.indexOf("counter mthp 64 swpout 0"), "counter mthp 64 swpin 0");
        withSwpin.add(withSwpin.indexOf("counter mthp 64 swpout 2"), "counter mthp 64 swpin 0");
        withSwpin.add(withSwpin.lastIndexOf("counter mthp 64 swpout 2"), "counter mthp 64 swpin 5");
        assertEquals("--swapin page: did not take effect, hugepages-64kB/stats/swpin grew by 5 (expected: 0; zswap "
                + "enabled then disabled before swapon)",
                KernelResults.swapInProblem(SwapIn.PAGE, RunnerReport.parse(withSwpin)));
        assertNull(KernelResults.swapInProblem(SwapIn.FOLIO, RunnerReport.parse(withSwpin)), "folio: no check");

        // 6.12 has no per-size swpin: more folios swapped out or split than were faulted fresh betrays folio swap-in
        final List<String> bound = new ArrayList<>(RunnerReportTest.SAMPLE);
        bound.set(bound.indexOf("counter mthp 64 anon_fault_alloc 4"), "counter mthp 64 anon_fault_alloc 3");
        bound.set(bound.lastIndexOf("counter mthp 64 swpout 2"), "counter mthp 64 swpout 4");
        bound.set(bound.indexOf("counter vmstat pswpout 51"), "counter vmstat pswpout 70");
        assertEquals("--swapin page: did not take effect, hugepages-64kB swapped out or split 5 folios but only 2 "
                + "were faulted in fresh (expected: at most that many without large-folio swap-in)",
                KernelResults.swapInProblem(SwapIn.PAGE, RunnerReport.parse(bound)));
    }
}
