package com.example.swapalloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.verify.CheckResult;
import dev.swaplayer.verify.Depth;
import dev.swaplayer.verify.Verdict;
import dev.swaplayer.verify.Verifier;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The examples through the verify engine: the correct one passes, each defect fails where it should.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and waits for the verifier it starts; the verifier runs each
 * check on a daemon thread of its own, and its racy checks drive the test's allocator from several threads.
 */
class ExamplesVerifyTest {
    private static final long SEED = 20261203L;

    private static Verdict verify(final AllocatorProvider p) {
        return new Verifier(new Verifier.Options(PolicyRegistry.builtIn().with(p), p.name(), Depth.QUICK, SEED, false,
                "re-run")).run(r -> {
        });
    }

    private static CheckResult check(final Verdict v, final String name) {
        return v.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void firstFitPassesEverySafetyCheck() {
        final Verdict v = verify(new Providers.FirstFit());
        assertTrue(v.pass(), v::toString);
        assertNull(v.hung(), "every check returned");
        assertEquals(CheckResult.Result.PASS, check(v, "completeness").result(), "first fit never misses a free run");
    }

    @Test
    void wholeWordMaskDefectIsADoubleAllocationWithAShortCounterexample() {
        final Verdict v = verify(new Providers.WordMask());
        assertFalse(v.pass());
        final CheckResult r = check(v, "properties");
        assertTrue(r.failed(), r::toString);
        assertTrue(r.message().contains("illegal placement") && r.message().contains("in use"), r.message());
        shortCounterexample(r, 6);
    }

    @Test
    void missingDoubleFreeCheckIsCaught() {
        final Verdict v = verify(new Providers.NoDoubleFreeCheck());
        assertFalse(v.pass());
        final CheckResult r = check(v, "properties");
        assertTrue(r.failed() && r.message().contains("was accepted"), r::toString);
        shortCounterexample(r, 4);
        assertTrue(check(v, "exhaustive").failed(), "a double free needs two steps");
    }

    @Test
    void driftingCounterIsCaught() {
        final Verdict v = verify(new Providers.DriftingCounter());
        assertFalse(v.pass());
        final CheckResult r = check(v, "properties");
        assertTrue(r.failed() && (r.message().contains("usedSlots()") || r.message().contains("freeSlots()")),
                r::toString);
        shortCounterexample(r, 4);
        final CheckResult swap = check(v, "swap-path");
        assertTrue(swap.failed() && swap.message().contains("NO-LEAK"), swap::toString);
        assertTrue(swap.message().contains(", shrunk to 1 of its 30 actions: "), swap.message());
        shortCounterexample(swap, 3); // one swap-out of a large folio, its outcome, the drain that frees it
    }

    @Test
    void racyFirstFitPassesAloneAndFailsUnderThreads() {
        final Verdict v = verify(new Providers.RacyFirstFit());
        assertFalse(v.pass());
        assertEquals(CheckResult.Result.PASS, check(v, "properties").result());
        assertTrue(check(v, "stress").failed() || check(v, "linearizability").failed(), v::toString);
    }

    @Test
    void theHonestClusterLockAllocatorPassesEveryCheck_racyOnesIncluded() {
        final Verdict v = verify(new ClusterLockProvider.Honest());
        assertTrue(v.pass(), v::toString);
        for (final String racy : List.of("stress", "linearizability", "completeness")) {
            assertEquals(CheckResult.Result.PASS, check(v, racy).result(), racy);
        }
    }

    /**
     * Each planted race is correct on one thread, so that only the racy checks can catch it: the corpus measures
     * those two checks and nothing else. Which of them caught which race, and how to repeat it, is in
     * {@code docs/VERIFY-RACES.md}; the catch itself depends on the scheduler, so it is measured there, not asserted
     * here.
     */
    @Test
    void everyPlantedRaceIsCorrectOnOneThread() {
        final Depth small = new Depth("quick", 8, 120, 3, 1_000, 10, 1, 10, 1, 120);
        for (final Race race : Race.values()) {
            final AllocatorProvider p = PolicyRegistry.builtIn().provider(race.policy()); // the service file's
            assertTrue(p.threadSafe(), race::name);
            final Verdict v = new Verifier(new Verifier.Options(PolicyRegistry.builtIn(), p.name(), small,
                    SEED, true, c -> "re-run", Set.of("properties", "completeness", "exhaustive", "swap-path")))
                    .run(r -> {
                    });
            assertTrue(v.pass(), () -> race + ": " + v);
        }
    }

    @Test
    void aFolioStoredScatteredWhileARunWasFreeIsCaught() {
        final Verdict v = verify(new Providers.Scatter());
        assertFalse(v.pass());
        final CheckResult r = check(v, "properties");
        assertTrue(r.failed() && r.message().contains("(a folio a run can hold is placed contiguous"), r::toString);
        shortCounterexample(r, 3);
        assertTrue(check(v, "exhaustive").failed(), "the first folio of two pages is already wrong");
    }

    @Test
    void anExceptionIsShownWithTheLineOfTheUsersOwnCode_onTheClassPathToo() {
        final AllocatorProvider throwing = new AllocatorProvider() {
            @Override
            public String name() {
                return "throwing";
            }

            @Override
            public SlotAllocator create(final int type, final Geometry geometry) {
                return new FirstFitAllocator(type, geometry) {
                    @Override
                    public long allocate(final int order) {
                        if (order == 3) {
                            throw new ArrayIndexOutOfBoundsException("Index 3 out of bounds for length 3");
                        }
                        return super.allocate(order);
                    }
                };
            }
        };
        final Verdict v = verify(throwing);
        final CheckResult r = check(v, "properties");
        assertTrue(r.failed() && r.message().contains("the allocator threw java.lang.ArrayIndexOutOfBoundsException:"
                + " Index 3 out of bounds for length 3 at com.example.swapalloc.ExamplesVerifyTest$"), r::toString);
        final CheckResult swapPath = check(v, "swap-path");
        assertTrue(swapPath.failed() && swapPath.message().contains("java.lang.ArrayIndexOutOfBoundsException: Index 3"
                + " out of bounds for length 3 at com.example.swapalloc.ExamplesVerifyTest$"), swapPath::toString);
    }

    private static void shortCounterexample(final CheckResult r, final int most) {
        final List<String> steps = r.counterexample();
        assertNotNull(steps);
        assertTrue(steps.size() <= most, () -> steps.size() + " steps after shrinking: " + steps);
        assertNotNull(r.rerun());
    }
}
