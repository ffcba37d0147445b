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
 * {@code cluster-612-slots} against Debian trixie's 6.12 kernel: the first boot of each recorded
 * {@code ./swaplayer kernel-run} in docs/kernel-runs (thp-swap-test, seed 1, 100 iterations, one CPU) and the
 * model give the same 64 KiB swap-outs, fallbacks and order-0 swap-outs in every phase.
 */
class KernelRunsReplayTest {
    private static final Path RUNS = Path.of("..", "docs", "kernel-runs");

    @ParameterizedTest
    @CsvSource({"none,page", "a,page", "s,page", "as,page", "none,folio", "a,folio", "s,folio", "as,folio"})
    void slotsCacheModel_reproducesTheKernelPhaseByPhase(final String mode, final String swapIn) throws IOException {
        final Path file = RUNS.resolve("thp-swap-test-" + mode + "-swapin-" + swapIn + ".json");
        final JsonNode run = new ObjectMapper().readTree(Files.readAllLines(file).get(0));
        final JsonNode kernel = run.get("policies").get(0);
        assertTrue(kernel.get("policy").asText().startsWith("6.12."), kernel.get("policy").asText());
        final Workload w = Workloads.thpSwapTest(ThpMode.parse(mode), 1, 100);
        final Policy p = Policy.create(TestPolicies.REGISTRY, "cluster-612-slots", w.geometry(), 1);
        final PolicyRun model = Simulator.run(w, p, new Simulator.Options(SwapIn.parse(swapIn), 1, false), null);
        final List<PhaseStats> phases = model.phases();
        assertEquals(kernel.get("phases").size(), phases.size());
        for (int i = 0; i < phases.size(); i++) {
            final JsonNode orders = kernel.get("phases").get(i).get("orders");
            final Counters c = phases.get(i).counters();
            final String at = file.getFileName() + " phase " + phases.get(i).label();
            assertEquals(orders.get("4").get("swpout").asLong(), c.swpout(4), at + ": 64 KiB swpout");
            assertEquals(orders.get("4").get("swpout_fallback").asLong(), c.swpoutFallback(4), at + ": fallback");
            assertEquals(orders.get("0").get("swpout").asLong(), c.swpout(0), at + ": order-0 swpout");
        }
    }
}
