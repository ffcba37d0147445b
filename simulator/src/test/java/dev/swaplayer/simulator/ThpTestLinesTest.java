package dev.swaplayer.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link ThpTestLines}: the C program's line, its numbers those of the run's counters (a compound swap-out counted
 * whole), one line per iteration after a comment naming the run.
 *
 * <p>Thread safety: JUnit runs it on one thread.
 */
class ThpTestLinesTest {
    private static final Pattern LINE = Pattern.compile("Iteration (\\d+): swpout inc: (\\d+), swpout fallback inc:"
            + " (\\d+), Fallback percentage: (\\d+\\.\\d\\d|-nan)%");

    @Test
    void aLineIsTheCProgramsPrintf() {
        final long[] swpout = new long[5];
        final long[] fallback = new long[5];
        swpout[4] = 30;
        fallback[4] = 10;
        assertEquals("Iteration 3: swpout inc: 30, swpout fallback inc: 10, Fallback percentage: 25.00%",
                ThpTestLines.line(3, Counters.measured(swpout, fallback), 4));
        final Counters compound = new Counters(4);
        compound.countSwpout(4, 1);
        compound.countCompound(4, 3);
        compound.countFallback(4);
        assertEquals("Iteration 1: swpout inc: 2, swpout fallback inc: 1, Fallback percentage: 33.33%",
                ThpTestLines.line(1, compound, 4), "a compound swap-out is a whole one");
        assertEquals("Iteration 9: swpout inc: 0, swpout fallback inc: 0, Fallback percentage: -nan%",
                ThpTestLines.line(9, new Counters(4), 4), "0.0 / 0.0 as glibc prints it on x86-64");
    }

    @Test
    void everyIterationOfEveryPolicy_afterTheWarmUp_withTheRunsOwnCounters() {
        final RunResult r = Experiment.run(TestPolicies.REGISTRY, Workloads.thpSwapTest(ThpMode.A, 1, 3), "a", 1L,
                List.of("cluster", "compound"), new Simulator.Options(SwapIn.PAGE, 1, false), null);
        final StringWriter s = new StringWriter();
        ThpTestLines.print(List.of(r), new PrintWriter(s, true));
        final List<String> lines = s.toString().lines().toList();
        assertEquals(2 * (1 + 3), lines.size(), s.toString());
        assertEquals("# thp-swap-test -a, cluster, swap-in page, 1 CPU, seed 1", lines.get(0));
        assertEquals("# thp-swap-test -a, compound, swap-in page, 1 CPU, seed 1", lines.get(4));
        for (int p = 0; p < 2; p++) {
            final PolicyRun run = r.runs().get(p);
            for (int i = 1; i <= 3; i++) {
                final Matcher m = LINE.matcher(lines.get(4 * p + i));
                assertTrue(m.matches(), lines.get(4 * p + i));
                assertEquals(i, Integer.parseInt(m.group(1)));
                final Counters c = run.phases().get(i).counters(); // phase 0 is the warm-up
                assertEquals(c.swpout(4) + c.swpoutCompound(4), Long.parseLong(m.group(2)), run.policy());
                assertEquals(c.swpoutFallback(4), Long.parseLong(m.group(3)), run.policy());
            }
        }
    }
}
