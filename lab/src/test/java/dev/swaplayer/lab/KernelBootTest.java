package dev.swaplayer.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.simulator.PolicyRun;
import dev.swaplayer.simulator.SwapIn;
import dev.swaplayer.simulator.ThpMode;
import dev.swaplayer.simulator.Workload;
import dev.swaplayer.simulator.Workloads;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The VM path end to end, opt-in ({@code ./swaplayer test -Pkernel}, or {@code mvn -Pkernel -pl lab -am test
 * -Dtest=KernelBootTest}): fetches Debian trixie's kernel (about 110 MB, once, into ~/.cache/swaplayer) and
 * boots it in QEMU with thp-swap-test -a, 3 iterations, page swap-in. About 1-3 minutes under TCG. Needs
 * qemu-system-x86, busybox-static, cpio and network access to the Debian archive; the gate does not run it.
 *
 * <p>Thread safety: JUnit runs it on one thread; the lab reads QEMU's console on a thread of its own, which calls the
 * progress printer, and waits for it before the run returns.
 */
@EnabledIfSystemProperty(named = "lab.kernel.tests", matches = "true")
class KernelBootTest {
    @Test
    void thpSwapTestOnDebiansKernel() {
        final Workload w = Workloads.thpSwapTest(ThpMode.parse("a"), 1, 3);
        final KernelLab lab = new KernelLab(Tools.fromEnvironment(), line -> System.err.println("kernel-run: " + line));
        final List<KernelLab.Run> runs = lab.run(new KernelLab.Request(KernelSpec.parse("debian:trixie", null), w, "a",
                1L, SwapIn.PAGE, 1, "2G", "auto", null, Path.of(System.getProperty("user.home"), ".cache",
                "swaplayer"), 1800, "KernelBootTest"));
        assertEquals(1, runs.size());
        final KernelLab.Run run = runs.get(0);
        final PolicyRun kernel = run.result().runs().get(0);
        assertTrue(kernel.policy().matches("6\\.\\d+\\..*"), "the policy is the kernel's release: " + kernel.policy());
        assertEquals(w.labels().size(), kernel.phases().size());
        // the warm-up writes 60 MiB of 64 KiB folios into an empty 64 MiB device: every folio is stored whole
        assertEquals(960, kernel.phases().get(0).counters().swpout(4));
        assertEquals(0, kernel.phases().get(0).counters().swpoutFallback(4));
        assertEquals(15360, kernel.phases().get(0).usedSlots());
        assertEquals("always", run.facts().report().mthp().get(64));
        assertNull(run.facts().swapInProblem(), "zswap enabled then disabled: order-0 swap-in");
        assertTrue(run.facts().report().phases().get(3).counters().get("vmstat.pswpin") > 0, "pages were swapped in");
    }
}
