package dev.swaplayer.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.ForwardingSlotAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.spec.Geometry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code Options.repeat}: the racy checks run again until one run fails, that run's failure is the check's, and the
 * checks that draw everything from the seed run once.
 */
class VerifierRepeatTest {
    /** A few stress operations and histories per run, so that repeated runs stay quick. */
    private static final Depth TINY = new Depth("quick", 2, 20, 2, 4_000, 20, 1, 10, 1, 60);

    @Test
    void aFailureInTheThirdRun_isTheChecksFailure_namedWithItsRun() {
        final int perRun = createsPerStressRun();
        assertEquals(perRun, createsPerStressRun(), "a stress run builds the same number of allocators each time");
        final WearsOut provider = new WearsOut(2 * perRun); // runs 1 and 2 honest, run 3 loses frees
        final CheckResult stress = runStress(provider, 5);
        assertTrue(stress.failed(), stress.message());
        assertTrue(stress.message().startsWith("failed on run 3 of up to 5 (--repeat 5, from the same seed): round 1"
                + " of 20"), stress.message());
        assertTrue(stress.message().contains("lost"), stress.message());
        assertEquals("re-run stress", stress.rerun());
        assertTrue(provider.creates.get() < 3 * perRun, () -> "the third run stopped at its first round, and no run"
                + " followed it: " + provider.creates.get() + " allocators built, " + perRun + " per run");
    }

    @Test
    void runsThatAllPass_sayHowMany_andTheOtherChecksRunOnce() {
        final List<CheckResult> seen = new ArrayList<>();
        final Verdict v = new Verifier(new Verifier.Options(PolicyRegistry.builtIn(), "buddy", TINY, 1, false,
                c -> "re-run " + c, Set.of("exhaustive", "stress", "linearizability"), 3)).run(seen::add);
        assertTrue(v.pass(), VerdictText.of(v));
        for (final CheckResult r : seen) {
            switch (r.name()) {
                case "stress", "linearizability" -> assertTrue(r.message().startsWith("3 runs passed, each: "),
                        r.message());
                case "exhaustive" -> assertFalse(r.message().contains("runs passed"), r.message());
                default -> assertEquals(CheckResult.Result.SKIPPED, r.result(), r.name());
            }
        }
    }

    @Test
    void aRepeatOutsideItsRange_isRefused() {
        for (final int bad : new int[] {0, -1, Verifier.MAX_REPEAT + 1}) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Verifier.Options(PolicyRegistry.builtIn(), "buddy", TINY, 1, false, c -> "", Set.of(),
                            bad));
            assertEquals("repeat: " + bad + " (expected: 1.." + Verifier.MAX_REPEAT + ")", e.getMessage());
        }
    }

    private static int createsPerStressRun() {
        final WearsOut counting = new WearsOut(Integer.MAX_VALUE);
        final CheckResult stress = runStress(counting, 1);
        assertFalse(stress.failed(), stress.message());
        return counting.creates.get();
    }

    private static CheckResult runStress(final AllocatorProvider provider, final int repeat) {
        final Verdict v = new Verifier(new Verifier.Options(PolicyRegistry.builtIn().with(provider), provider.name(),
                TINY, 1, false, c -> "re-run " + c, Set.of("stress"), repeat)).run(r -> {
                });
        return v.checks().stream().filter(r -> r.name().equals("stress")).findFirst().orElseThrow();
    }

    /** Verdicts as text for assertion messages. */
    private static final class VerdictText {
        static String of(final Verdict v) {
            final StringBuilder b = new StringBuilder();
            v.checks().forEach(r -> b.append(r.name()).append(": ").append(r.result()).append(' ')
                    .append(r.message()).append('\n'));
            return b.toString();
        }
    }

    /**
     * The buddy allocator, thread-safe, until it has been built {@code honest} times: every allocator built after
     * that ignores its frees, which the stress run's counters show at the end of its first round.
     */
    private static final class WearsOut implements AllocatorProvider {
        final AtomicInteger creates = new AtomicInteger();
        private final int honest;

        WearsOut(final int honest) {
            this.honest = honest;
        }

        @Override
        public String name() {
            return "wears-out";
        }

        @Override
        public boolean threadSafe() {
            return true;
        }

        @Override
        public SlotAllocator create(final int type, final Geometry geometry) {
            final BuddyAllocator a = new BuddyAllocator(type, geometry);
            if (creates.incrementAndGet() <= honest) {
                return a;
            }
            return new ForwardingSlotAllocator<>(a) {
                @Override
                public void free(final long entry, final long nrSlots) {
                    // the planted defect: the free is lost
                }
            };
        }
    }
}
