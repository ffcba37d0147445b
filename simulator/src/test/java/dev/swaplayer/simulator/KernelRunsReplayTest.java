package dev.swaplayer.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The kernel models against the real kernels recorded by {@code ./swaplayer kernel-run} in docs/kernel-runs
 * (thp-swap-test, seed 1, 100 iterations, one CPU): {@code cluster-612-slots} against Debian trixie's 6.12
 * ({@code thp-swap-test-*.json}) and {@code cluster-72} against Debian sid's 7.2 ({@code sid-thp-swap-test-*.json}).
 * The first boot of each file and the model give the same 64 KiB swap-outs, fallbacks and order-0 swap-outs in
 * every phase.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and replays its own model; the recorded runs are only read.
 */
class KernelRunsReplayTest {
    private static final Path RUNS = Path.of("..", "docs", "kernel-runs");

    @ParameterizedTest
    @CsvSource({"none,page", "a,page", "s,page", "as,page", "none,folio", "a,folio", "s,folio", "as,folio"})
    void slotsCacheModel_reproduces612PhaseByPhase(final String mode, final String swapIn) throws IOException {
        assertSamePhases("thp-swap-test-", "6.12.", "cluster-612-slots", mode, swapIn);
    }

    @ParameterizedTest
    @CsvSource({"none,page", "a,page", "s,page", "as,page", "none,folio", "a,folio", "s,folio", "as,folio"})
    void cluster72Model_reproduces72PhaseByPhase(final String mode, final String swapIn) throws IOException {
        assertSamePhases("sid-thp-swap-test-", "7.2.", "cluster-72", mode, swapIn);
    }

    private static void assertSamePhases(final String prefix, final String release, final String policy,
            final String mode, final String swapIn) throws IOException {
        final Path file = RUNS.resolve(prefix + mode + "-swapin-" + swapIn + ".json");
        final JsonNode run = new ObjectMapper().readTree(Files.readAllLines(file).get(0));
        final JsonNode kernel = run.get("policies").get(0);
        assertTrue(kernel.get("policy").asText().startsWith(release), kernel.get("policy").asText());
        final Workload w = Workloads.thpSwapTest(ThpMode.parse(mode), 1, 100);
        final PolicySlots p = PolicySlots.create(TestPolicies.REGISTRY, policy, w.geometry(), 1);
        final PolicyRun model = Simulator.run(w, p, new Simulator.Options(SwapIn.parse(swapIn), 1, false), null);
        final List<PhaseStats> phases = model.phases();
        assertEquals(kernel.get("phases").size(), phases.size());
        for (int i = 0; i < phases.size(); i++) {
            final JsonNode orders = kernel.get("phases").get(i).get("orders");
            final Counters c = phases.get(i).counters();
            final String at = file.getFileName() + " phase " + phases.get(i).label() + ", " + policy;
            assertEquals(orders.get("4").get("swpout").asLong(), c.swpout(4), at + ": 64 KiB swpout");
            assertEquals(orders.get("4").get("swpout_fallback").asLong(), c.swpoutFallback(4), at + ": fallback");
            assertEquals(orders.get("0").get("swpout").asLong(), c.swpout(0), at + ": order-0 swpout");
        }
    }
}
