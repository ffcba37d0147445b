package dev.swaplayer.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.hang.StressDeadlock;
import com.example.hang.StressHang;
import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.ForwardingSlotAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.spec.Geometry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * An allocator that never returns costs one check, not every check: the first check fails as "did not finish"
 * within the depth's time limit, and the checks after it are reported as not run, since the allocator still
 * holds that check's thread.
 */
class VerifierHangTest {
    /** The checks' time limit here: 2 s instead of 300. */
    private static final Depth SHORT = new Depth("quick", 40, 300, 4, 200_000, 300, 6, 30, 20, 2);
    /**
     * Little work per check (the checks before the hang take well under a second even on a loaded machine) and 10 s
     * per check.
     */
    private static final Depth TINY = new Depth("quick", 2, 20, 2, 2_000, 10, 1, 10, 1, 10);
    private static volatile boolean released;

    @Test
    void aHangingAllocator_failsOneCheck_andTheRestAreNotRun() {
        released = false;
        final PolicyRegistry registry = PolicyRegistry.builtIn().with(new Spinning());
        final List<CheckResult> seen = new ArrayList<>();
        final Verdict v;
        try {
            v = new Verifier(new Verifier.Options(registry, "spinning", SHORT, 1, false, "re-run"))
                    .run(seen::add);
        } finally {
            released = true; // the spinning thread ends, so that it does not take a core from the tests after this
        }
        assertFalse(v.pass());
        assertEquals("properties", v.hung(), "the check the allocator hung in, so that cli draws no table after it");
        assertEquals("properties", seen.get(0).name());
        assertTrue(seen.get(0).failed(), seen.get(0).message());
        assertTrue(seen.get(0).message().startsWith("did not finish within 2 s (the time one check may take at "
                + "--quick): the allocator may hang or loop"), seen.get(0).message());
        for (final CheckResult r : seen.subList(1, seen.size())) {
            assertFalse(r.failed(), r.name());
            assertTrue(r.message().equals("not run: the allocator did not return in the properties check")
                    || r.message().startsWith("the provider does not say it is thread-safe"), r.message());
        }
        assertTrue(v.seconds() < 30, "one time limit, not one per check: " + v.seconds() + " s");
    }

    /**
     * Work beside the checks (the command line's fragmentation table) runs under the same limit: an allocator that
     * spins there ends that work as unfinished, and what the work throws comes back as its cause.
     */
    @Test
    void workBesideTheChecks_isHeldToOneChecksLimit_andItsExceptionsComeBack() throws Exception {
        released = false;
        final PolicyRegistry registry = PolicyRegistry.builtIn().with(new Spinning());
        final Verifier v = new Verifier(new Verifier.Options(registry, "spinning", SHORT, 1, false, "re-run"));
        final Verifier.Unfinished e;
        try {
            final Geometry g = Geometry.builder(64).clusterSlots(16).build();
            e = assertThrows(Verifier.Unfinished.class, () -> v.runBeside(
                    () -> registry.create("spinning", 0, g, 1).allocate(0)));
        } finally {
            released = true;
        }
        assertTrue(e.getMessage().startsWith("did not finish within 2 s (the time one check may take at --quick): the"
                + " allocator may hang or loop"), e.getMessage());
        assertEquals(7, v.runBeside(() -> 7));
        final ExecutionException thrown = assertThrows(ExecutionException.class, () -> v.runBeside(() -> {
            throw new OutOfMemoryError("planted");
        }));
        assertEquals("planted", thrown.getCause().getMessage());
    }

    @Test
    void aHangOnlyTheStressWorkersSee_isReportedWithTheWorkerAndThePluginsLine() {
        StressHang.arm();
        final List<CheckResult> seen = new ArrayList<>();
        final Verdict v;
        try {
            v = new Verifier(new Verifier.Options(PolicyRegistry.builtIn().with(new StressHang()), "stress-hang",
                    TINY, 1, false, "re-run")).run(seen::add);
        } finally {
            StressHang.release();
        }
        assertFalse(v.pass());
        assertEquals("stress", v.hung());
        final CheckResult stress = seen.stream().filter(r -> r.name().equals("stress")).findFirst().orElseThrow();
        assertTrue(stress.message().matches("did not finish within 10 s \\(the time one check may take at --quick\\):"
                + " the allocator may hang or loop; thread swaplayer-stress-[12] was in"
                + " com\\.example\\.hang\\.StressHang\\.onWorker\\(StressHang\\.java:\\d+\\) \\(RUNNABLE\\)"),
                stress.message());
        assertTrue(seen.stream().takeWhile(r -> !r.name().equals("stress")).noneMatch(CheckResult::failed),
                "the checks before it ran on the check's own thread, where allocations return");
    }

    @Test
    void aDeadlockAmongTheStressWorkers_isNamedAtOnce_withBothThreadsAndWhereTheyWait() {
        StressDeadlock.arm();
        final List<CheckResult> seen = new ArrayList<>();
        final Verdict v;
        try {
            v = new Verifier(new Verifier.Options(PolicyRegistry.builtIn().with(new StressDeadlock()),
                    "stress-deadlock", TINY, 1, false, "re-run")).run(seen::add);
        } finally {
            StressDeadlock.release();
        }
        assertFalse(v.pass());
        assertEquals("stress", v.hung());
        final CheckResult stress = seen.stream().filter(r -> r.name().equals("stress")).findFirst().orElseThrow();
        final String waits = "thread swaplayer-stress-[12] waits for java\\.util\\.concurrent\\.locks\\.ReentrantLock"
                + "\\$NonfairSync@\\p{XDigit}+ held by thread swaplayer-stress-[12], in"
                + " com\\.example\\.hang\\.StressDeadlock\\.both\\(StressDeadlock\\.java:\\d+\\)";
        assertTrue(stress.message().matches("the allocator deadlocked: " + waits + "; " + waits), stress.message());
    }

    /** The buddy allocator whose every allocation spins, deaf to interrupts, until the test releases it. */
    private static final class Spinning implements AllocatorProvider {
        @Override
        public String name() {
            return "spinning";
        }

        @Override
        public SlotAllocator create(final int type, final Geometry geometry) {
            return new ForwardingSlotAllocator<>(new BuddyAllocator(type, geometry)) {
                @Override
                public long allocate(final int order) {
                    while (!released) {
                        Thread.onSpinWait();
                    }
                    return NONE;
                }
            };
        }
    }
}
