package dev.swaplayer.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link RunnerReport}: the runner's report parsed part by part, and each malformed or unfinished report refused at its
 * first bad line.
 *
 * <p>Thread safety: JUnit runs it on one thread; the shared sample is immutable, and each test that changes it changes
 * a copy.
 */
class RunnerReportTest {
    static final List<String> SAMPLE = List.of(
            "swaplayer-runner 1",
            "uname 6.12.117+deb13-amd64",
            "swap 64 16",
            "orders 4 0",
            "mthp 16 never",
            "mthp 64 always",
            "baseline",
            "counter mthp 64 anon_fault_alloc 1",
            "counter mthp 64 swpout 0",
            "counter mthp 64 swpout_fallback 0",
            "counter vmstat pswpin 0",
            "counter vmstat pswpout 0",
            "counter swap used_kib 0",
            "phase 0 warm-up",
            "counter mthp 64 anon_fault_alloc 3",
            "counter mthp 64 swpout 2",
            "counter mthp 64 swpout_fallback 0",
            "counter vmstat pswpin 0",
            "counter vmstat pswpout 32",
            "counter swap used_kib 128",
            "phase 1 iteration 1\r",
            "counter mthp 64 anon_fault_alloc 4",
            "counter mthp 64 swpout 2",
            "counter mthp 64 swpout_fallback 1",
            "counter vmstat pswpin 16",
            "counter vmstat pswpout 51",
            "counter swap used_kib 76",
            "done 1.250");

    @Test
    void parsesEveryPart() {
        final RunnerReport r = RunnerReport.parse(SAMPLE);
        assertEquals("6.12.117+deb13-amd64", r.release());
        assertEquals(64, r.swapPages());
        assertEquals(16, r.clusterSlots());
        assertEquals(List.of(4, 0), r.orders());
        assertEquals(Map.of(16, "never", 64, "always"), r.mthp());
        assertEquals(1L, r.baseline().get("mthp.64.anon_fault_alloc"));
        assertEquals(2, r.phases().size());
        assertEquals("warm-up", r.phases().get(0).label());
        assertEquals("iteration 1", r.phases().get(1).label(), "the label is the rest of the line, CR dropped");
        assertEquals(51L, r.phases().get(1).counters().get("vmstat.pswpout"));
        assertEquals(76L, r.phases().get(1).counters().get("swap.used_kib"));
        assertEquals(1.25, r.seconds());
    }

    @Test
    void rejectsAnotherFormat() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunnerReport.parse(List.of("swaplayer-runner 2")));
        assertEquals("runner report: 'swaplayer-runner 2' (expected: first line 'swaplayer-runner 1')", e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunnerReport.parse(List.of()))
                .getMessage().startsWith("runner report: empty"));
    }

    @Test
    void aRunThatStoppedHalfWayIsNotAResult() {
        final List<String> cut = SAMPLE.subList(0, SAMPLE.size() - 1);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunnerReport.parse(cut));
        assertEquals("runner report: no 'done' line after 2 phases (expected: the runner to finish; see the console "
                + "log)", e.getMessage());
    }

    @Test
    void namesTheFirstBadLine() {
        assertBad(13, "counter mthp 64 swpout x", "runner report line 13: counter mthp 64 swpout x (expected: a "
                + "number where 'x' is)");
        assertBad(13, "counter disk 1", "runner report line 13: counter disk 1 (expected: counter mthp <kB> <stat>");
        assertBad(14, "phase 5 warm-up", "runner report line 14: phase 5 warm-up (expected: phase <index> <label>");
        assertBad(7, "counter vmstat pswpin 3", "runner report line 7: counter vmstat pswpin 3 (expected: counters "
                + "after a baseline or phase line)");
        assertBad(8, "counter vmstat pswpin -3", "(expected: non-negative numbers)");
        assertBad(2, "reboot now", "runner report line 2: reboot now (expected: uname, swap, orders, mthp, baseline,"
                + " phase, counter or done)");
        assertBad(28, "done soon", "runner report line 28: done soon (expected: a number of seconds where 'soon' is)");
    }

    @Test
    void nothingMayFollowDone() {
        final List<String> more = new ArrayList<>(SAMPLE);
        more.add("counter vmstat pswpin 99");
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunnerReport.parse(more));
        assertTrue(e.getMessage().contains("(expected: nothing after 'done')"), e.getMessage());
    }

    @Test
    void aPhaseBeforeTheBaselineIsRejected() {
        final List<String> lines = List.of("swaplayer-runner 1", "uname x", "swap 64 16", "orders 0", "phase 0 a",
                "done 1");
        final IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> RunnerReport.parse(lines));
        assertTrue(e.getMessage().contains("(expected: a baseline before the first phase)"), e.getMessage());
    }

    private static void assertBad(final int line, final String text, final String message) {
        final List<String> lines = new ArrayList<>(SAMPLE);
        if (line - 1 < lines.size()) {
            lines.set(line - 1, text);
        } else {
            lines.add(text);
        }
        final IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> RunnerReport.parse(lines));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
