package dev.swaplayer.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.ForwardingSlotAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.spec.Geometry;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The stress check tells a race from a bug every caller meets: a failed round runs again on one thread, and the
 * message says whether it failed there too. Both plants fail deterministically, so neither test depends on the
 * scheduler. Thread safety: each test owns its verifier, which starts and joins the stress threads.
 */
class StressCheckTest {
    /** A few operations per round, so that the check stays quick. */
    private static final Depth TINY = new Depth("quick", 2, 20, 2, 4_000, 20, 1, 10, 1, 60);

    @Test
    void aBugThatFailsOnOneThreadToo_isReportedAsNoRace() {
        final CheckResult r = stress((type, g) -> new ForwardingSlotAllocator<>(new BuddyAllocator(type, g)) {
            @Override
            public void free(final long entry, final long nrSlots) {
                // planted: every free is lost, whichever thread makes it
            }
        });
        assertTrue(r.failed(), r.message());
        assertTrue(r.message().startsWith("round 1 of 20 (2 threads"), r.message());
        assertTrue(r.message().contains("; on one thread, from the same seed, the round fails too, and on every run:"
                + " not a race (0 slots handed out twice, "), r.message());
    }

    @Test
    void aBugOnlyASecondThreadMeets_isReportedAsTheSchedulers() {
        final CheckResult r = stress((type, g) -> new ForwardingSlotAllocator<>(new BuddyAllocator(type, g)) {
            private final AtomicReference<Thread> first = new AtomicReference<>();

            @Override
            public void free(final long entry, final long nrSlots) {
                first.compareAndSet(null, Thread.currentThread());
                if (first.get() == Thread.currentThread()) { // planted: a second thread's frees are lost
                    delegate().free(entry, nrSlots);
                }
            }
        });
        assertTrue(r.failed(), r.message());
        assertTrue(r.message().endsWith(" (the interleaving is the scheduler's: re-run to see it again; on one thread"
                + " the round passes)"), r.message());
    }

    private static CheckResult stress(final BiFunction<Integer, Geometry, SlotAllocator> factory) {
        final AllocatorProvider provider = new AllocatorProvider() {
            @Override
            public String name() {
                return "planted";
            }

            @Override
            public boolean threadSafe() {
                return true;
            }

            @Override
            public SlotAllocator create(final int type, final Geometry geometry) {
                return factory.apply(type, geometry);
            }
        };
        final Verdict v = new Verifier(new Verifier.Options(PolicyRegistry.builtIn().with(provider), "planted", TINY,
                1, false, c -> "re-run " + c, Set.of("stress"), 1)).run(r -> {
                });
        return v.checks().stream().filter(c -> c.name().equals("stress")).findFirst().orElseThrow();
    }
}
